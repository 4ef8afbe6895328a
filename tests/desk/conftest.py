"""The desk's fixtures are the passes' ones (a desk phone, a guard phone)."""
from tests.passes.conftest import desk, guard  # noqa: F401
