"""The built-in planner: fills forms from key-value facts and extracts data, without a model."""
