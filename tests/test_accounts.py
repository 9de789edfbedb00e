"""Which Phabricator accounts are no person (lib.accounts)."""

import pandas as pd

from lib import accounts


def test_an_account_is_what_its_roles_say_and_a_person_otherwise():
    roles = pd.Series(["bot, verified", None, "disabled, bot", float("nan"), "", "list", "verified, approved"])
    assert list(accounts.account_kinds(roles)) == ["bot account", "", "account disabled", "", "", "mailing list", ""]


def test_roles_read_from_the_store_as_arrow_strings_work_alike():
    roles = pd.Series(["Bot", None, "verified"], dtype="string[pyarrow]")
    kinds = accounts.account_kinds(roles)
    assert list(kinds) == ["bot account", "", ""] and kinds.dtype == object


def test_each_distinct_roles_value_is_read_once(monkeypatch):
    """The screens ask this of every task several times a run: 20,000 tasks have a few dozen owners."""
    seen = []
    real = accounts.account_kind
    monkeypatch.setattr(accounts, "account_kind", lambda roles: seen.append(roles) or real(roles))
    roles = pd.Series(["bot", "verified", None] * 1000)
    assert accounts.account_kinds(roles).value_counts().to_dict() == {"": 2000, "bot account": 1000}
    assert sorted(seen) == ["bot", "verified"]
