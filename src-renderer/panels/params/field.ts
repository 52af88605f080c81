/** What ParamField hands each kind's control. */
import type { ParamValue } from '../../../src-shared/graph/document';
import type { ParamDefinition } from '../../../src-shared/nodes/define';
import type { ParamEdit } from './useParamEdit';

/** The props every control of a param shares: its class, name, whether it is refused, its tooltip. */
export interface CommonProps {
  readonly className: string;
  readonly 'aria-label': string;
  readonly 'aria-invalid': boolean | undefined;
  readonly title: string | undefined;
}

export interface FieldProps<P extends ParamDefinition = ParamDefinition> {
  readonly param: P;
  /** The value in the document (undefined: the default). */
  readonly value: ParamValue | undefined;
  readonly edit: ParamEdit;
  readonly common: CommonProps;
  /** On the node: one line (a matrix as text, no grid). */
  readonly compact: boolean;
}
