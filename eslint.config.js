// ESLint flat config: the scripts Stratus runs inside web pages.
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  {
    files: ["layers/core/stratus/agent/snapshot.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser },
    },
  },
  {
    files: ["eslint.config.js"],
    ...js.configs.recommended,
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
  },
];
