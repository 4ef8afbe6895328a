"""The desk's fixtures are the passes' ones (a desk phone, a guard phone, a pass issued)."""
from tests.passes.conftest import desk, guard, issue  # noqa: F401
