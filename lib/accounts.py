"""Phabricator accounts that are not a person who can take work, read off user.search's `roles` (the
store keeps them comma-separated in users.roles): a disabled account (someone who left), a bot (a CI
bot that claims tasks) and a mailing list. Work such an account owns still needs a person, and the
account has no capacity, velocity or share of the team's pace."""

from __future__ import annotations

import re

import pandas as pd

# role -> what the screens call the account; the first that applies (a disabled bot: reassign its work)
NOT_A_PERSON = {"disabled": "account disabled", "bot": "bot account", "list": "mailing list"}


def account_kind(roles) -> str:
    """"" for a person (or an account whose roles are unknown: a hidden one, not synced yet), else
    what the account is ("bot account")."""
    words = set(re.split(r"[\s,]+", roles.lower())) if isinstance(roles, str) else set()
    return next((label for role, label in NOT_A_PERSON.items() if role in words), "")


def account_kinds(roles: pd.Series) -> pd.Series:
    """account_kind of each row, worked out once per distinct value: a board of 20,000 tasks has a few
    dozen owners, and the screens ask this several times a run."""
    kinds = {value: account_kind(value) for value in pd.unique(roles.dropna())}
    return roles.map(kinds).fillna("").astype(object)
