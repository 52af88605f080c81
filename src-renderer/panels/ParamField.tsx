/**
 * One param's control, drawn from its definition (one component per kind in ./params/), with
 * what is wrong shown as text next to it — on the node as in the inspector, not only on hover.
 * Edits apply live as one undoable gesture per slider drag or per focus of a field; text that is
 * not a value keeps the value there was (see params/useParamEdit.ts).
 */
import type { ParamValue } from '../../src-shared/graph/document';
import type { ParamDefinition } from '../../src-shared/nodes/define';
import { BooleanField, EnumField } from './params/ChoiceFields';
import type { CommonProps, FieldProps } from './params/field';
import { ListField } from './params/ListField';
import { NumberField } from './params/NumberField';
import { PathField, StringField } from './params/PathField';
import { useParamEdit } from './params/useParamEdit';

interface ParamFieldProps {
  readonly nodeId: string;
  readonly param: ParamDefinition;
  readonly value: ParamValue | undefined;
  /** On the node: one line, its message in small print under it. */
  readonly compact?: boolean;
  /**
   * What the document's own check says about this param (a rule across params, or a value that
   * came from a file), shown when the field itself has nothing to say.
   */
  readonly documentProblem?: string;
}

function Control(props: FieldProps) {
  const { param } = props;
  switch (param.kind) {
    case 'number':
      return <NumberField {...props} param={param} />;
    case 'enum':
      return <EnumField {...props} param={param} />;
    case 'boolean':
      return <BooleanField {...props} param={param} />;
    case 'list':
    case 'matrix':
      return <ListField {...props} param={param} />;
    case 'string':
      return <StringField {...props} param={param} />;
    case 'path':
      return <PathField {...props} param={param} />;
  }
}

export function ParamField({ nodeId, param, value, compact = false, documentProblem }: ParamFieldProps) {
  const edit = useParamEdit(nodeId, param);
  const label = param.label ?? param.name;
  const problem = edit.problem ?? (compact ? undefined : documentProblem);
  // After a refused entry the field holds the committed value again: the note stays, the red goes.
  const invalid = edit.problem !== undefined ? edit.invalid : problem !== undefined;
  const common: CommonProps = {
    className: `nodrag nowheel${invalid ? ' invalid' : ''}`,
    'aria-label': label,
    'aria-invalid': invalid || undefined,
    title: problem ?? param.doc,
  };
  const control = <Control param={param} value={value} edit={edit} common={common} compact={compact} />;

  if (compact) {
    return (
      <div className="cl-param-field">
        <label className="cl-param">
          <span>{label}</span>
          {control}
        </label>
        {problem !== undefined && (
          <div className="cl-param-problem" role="alert">
            {problem}
          </div>
        )}
      </div>
    );
  }
  return (
    <div className={`inspector-param${invalid ? ' invalid' : ''}`}>
      <label>
        <span className="inspector-param-name">{label}</span>
        {control}
      </label>
      {problem !== undefined ? (
        <div className="param-problem" role="alert">
          {problem}
        </div>
      ) : (
        param.doc && <div className="param-doc">{param.doc}</div>
      )}
    </div>
  );
}
