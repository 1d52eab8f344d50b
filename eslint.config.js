// ESLint flat config: the scripts Stratus runs inside web pages.
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  {
    files: [
      "layers/core/stratus/agent/snapshot.js",
      "layers/core/stratus/agent/page_activity.js",
      "layers/core/stratus/planner/page_reader.js",
    ],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      // page_activity.js's placeholders are filled in by page_activity.py before it runs
      globals: {
        ...globals.browser,
        __HORIZON__: "readonly",
        __CHAIN__: "readonly",
        __FROM_START__: "readonly",
      },
    },
  },
  {
    files: ["eslint.config.js"],
    ...js.configs.recommended,
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
  },
];
