"""A stand-in that makes `import tensorflow` fail, as on a machine without it (the tests put its folder first on
PYTHONPATH)."""
raise ModuleNotFoundError("No module named 'tensorflow' (hidden by the tests' shim)", name="tensorflow")
