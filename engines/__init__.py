"""The built-in engines of kbackend (installed as ``kbackend.engines``), one package each.

Each package's ``__init__`` is a declaration that imports no framework; its implementation modules import the
framework when the engine is selected. See ``kbackend._engine`` for the contract.
"""
