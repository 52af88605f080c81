// ESLint (flat config): typescript-eslint's recommended rules over every layer, and React's rules
// of hooks over the renderer, where `exhaustive-deps` keeps effects honest about what they read.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // electron-vite bundles its config into electron.vite.config.ts.<time>.mjs for the length of a
  // build; npm test lints while the build runs, and a file listed then gone failed the lint.
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', '.tsbuild/', 'src-main/dsp/dsp-wasm.generated.js', 'src-shared/dsp/simd/assembly/', '*.config.ts.*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore marks a name kept for its place (a callback's unused argument, a key
      // taken out of an object by destructuring).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // vi.mock factories are hoisted above imports: there `require` is the way to reach a module.
    files: ['test/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
