from tests.fixtures.web.plugin import fixture_web  # noqa: F401
