"""Configuration: every setting documented, clear errors naming the setting, tokens never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from lib.config import ROOT, SETTINGS, ConfigError, load_settings

README = (Path(__file__).parent.parent / "README.md").read_text()
NO_SECRETS = Path("/nonexistent/secrets.toml")
TOKEN = "api-" + "a" * 28


def test_every_setting_is_documented_in_readme():
    missing = [name for name in SETTINGS if f"`{name}`" not in README]
    assert missing == []


def test_defaults_point_at_the_seed_pages():
    s = load_settings(env={}, secrets_path=NO_SECRETS)
    assert s.wiki_team_page == "Community Tech/Team Processes"
    assert s.database_url.startswith("sqlite:///") and s.sprint_length_days == 14


def test_environment_wins_over_secrets_file(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('phabricator_project = "from-file"\nwiki_goals_page = "Goals/File"\n')
    s = load_settings(env={"PHABRICATOR_PROJECT": "from-env"}, secrets_path=secrets)
    assert s.phabricator_project == "from-env" and s.wiki_goals_page == "Goals/File"


@pytest.mark.parametrize("missing", ["PHABRICATOR_URL", "PHABRICATOR_TOKEN", "PHABRICATOR_PROJECT"])
def test_missing_phabricator_setting_is_named(missing):
    env = {"PHABRICATOR_URL": "https://phab.example", "PHABRICATOR_TOKEN": TOKEN, "PHABRICATOR_PROJECT": "team"}
    env.pop(missing)
    with pytest.raises(ConfigError, match=missing):
        load_settings(env=env, secrets_path=NO_SECRETS).require_phabricator()


def test_malformed_token_is_refused_without_showing_it():
    env = {"PHABRICATOR_URL": "https://phab.example", "PHABRICATOR_TOKEN": "api-short-secret",
           "PHABRICATOR_PROJECT": "team"}
    with pytest.raises(ConfigError) as err:
        load_settings(env=env, secrets_path=NO_SECRETS).require_phabricator()
    assert "PHABRICATOR_TOKEN" in str(err.value) and "short-secret" not in str(err.value)


@pytest.mark.parametrize("name,value", [("SPRINT_CADENCE_START", "next monday"), ("SPRINT_LENGTH_DAYS", "two"),
                                        ("SPRINT_LENGTH_DAYS", "14.5"), ("SPRINT_LENGTH_DAYS", "0.5"),
                                        ("SPRINT_LENGTH_DAYS", "inf"), ("SPRINT_LENGTH_DAYS", "nan"),
                                        ("FULL_SYNC_EVERY_HOURS", "1e400"),
                                        ("FULL_SYNC_EVERY_HOURS", "-1"), ("DATABASE_URL", "data/dashboard.sqlite"),
                                        ("DATABASE_URL", "postgres-ql://db.example/dashboard"),
                                        ("DATABASE_URL", "mysqlx://db.example/dashboard")])
def test_malformed_values_name_the_setting(name, value):
    with pytest.raises(ConfigError, match=name):
        load_settings(env={name: value}, secrets_path=NO_SECRETS)


@pytest.mark.parametrize("url", ["postgress://dash:s3cret@db.example/dashboard",
                                 "postgress://db.example/dashboard?user=dash&password=s3cret",
                                 "postgresql+psycopg2://dash:s3cret@db.example/dashboard"])
def test_a_malformed_store_address_stops_the_screens_too_without_showing_its_password(url):
    """The screens read DATABASE_URL themselves: it is never swapped for the default store. A driver
    that is not installed (psycopg2 beside this project's psycopg) is named, not met as a traceback."""
    with pytest.raises(ConfigError) as err:
        load_settings(env={"DATABASE_URL": url}, secrets_path=NO_SECRETS, problems=[])
    assert "DATABASE_URL" in str(err.value) and "s3cret" not in str(err.value)


@pytest.mark.parametrize("url", ["sqlite:///data/x.sqlite", "sqlite://", "postgresql+psycopg://dash@db.example:5432/dashboard"])
def test_a_store_address_sqlalchemy_knows_is_taken_as_given(url):
    assert load_settings(env={"DATABASE_URL": url}, secrets_path=NO_SECRETS).database_url == url


def test_a_whole_number_of_days_may_be_written_as_a_decimal():
    assert load_settings(env={"SPRINT_LENGTH_DAYS": "7.0"}, secrets_path=NO_SECRETS).sprint_length_days == 7


@pytest.mark.parametrize("url", ["https://phab.example.org", "https://phab.example.org/", "https://phab.example.org/api/",
                                 "https://phab.example.org/api"])
def test_the_phabricator_url_may_be_given_as_conduits_docs_show_it(url):
    assert load_settings(env={"PHABRICATOR_URL": url}, secrets_path=NO_SECRETS).phabricator_url == "https://phab.example.org"


@pytest.mark.parametrize("given", ["community-tech", " #community-tech", "https://phab.example.org/tag/community-tech/",
                                   "https://phab.example.org/tag/community-tech/board/?filter=open"])
def test_the_board_may_be_given_by_its_hashtag_or_its_address(given):
    assert load_settings(env={"PHABRICATOR_PROJECT": given}, secrets_path=NO_SECRETS).phabricator_project == "community-tech"


def test_a_slug_that_only_looks_like_a_path_is_kept():
    assert load_settings(env={"PHABRICATOR_PROJECT": "team/tag/x"}, secrets_path=NO_SECRETS).phabricator_project == "team/tag/x"


@pytest.mark.parametrize("given", ["Community Tech/Team Processes",
                                   "https://meta.wikimedia.org/wiki/Community_Tech/Team_Processes",
                                   "https://meta.wikimedia.org/wiki/Community_Tech/Team_Processes#Roles",
                                   "https://meta.wikimedia.org/w/index.php?title=Community_Tech/Team_Processes&action=edit",
                                   "https://wiki.example.org/w/index.php?title=Community+Tech%2FTeam+Processes"])
def test_a_wiki_page_may_be_given_by_its_address(given):
    assert load_settings(env={"WIKI_TEAM_PAGE": given}, secrets_path=NO_SECRETS).wiki_team_page == "Community Tech/Team Processes"


def test_a_title_with_a_slash_or_underscore_is_kept_as_written():
    s = load_settings(env={"WIKI_GOALS_PAGE": "Goals/2024_Q3 (draft)"}, secrets_path=NO_SECRETS)
    assert s.wiki_goals_page == "Goals/2024_Q3 (draft)"


@pytest.mark.parametrize("given, title", [
    ("https://wiki.example.org/wiki/C%2B%2B_guild/Team", "C++ guild/Team"),   # "+" is a plus in a path
    ("https://wiki.example.org/wiki/A+B", "A+B"),
    ("https://wiki.example.org/w/index.php/Community_Tech/Team_Processes", "Community Tech/Team Processes"),
    ("https://wiki.example.org/w/index.php?oldid=123&title=Community_Tech", "Community Tech"),
])
def test_other_forms_of_a_wiki_pages_address(given, title):
    assert load_settings(env={"WIKI_TEAM_PAGE": given}, secrets_path=NO_SECRETS).wiki_team_page == title


def test_a_board_address_by_number_is_refused_saying_what_to_give():
    with pytest.raises(ConfigError, match="PHABRICATOR_PROJECT must be the board's slug"):
        load_settings(env={"PHABRICATOR_PROJECT": "https://phab.example.org/project/board/123/"}, secrets_path=NO_SECRETS)


def test_token_and_wiki_password_are_not_in_repr():
    s = load_settings(env={"PHABRICATOR_TOKEN": TOKEN, "WIKI_USERNAME": "Ann@sync", "WIKI_PASSWORD": "pw-secret"},
                      secrets_path=NO_SECRETS)
    assert TOKEN not in repr(s) and "pw-secret" not in repr(s)
    assert s.wiki_login == ("Ann@sync", "pw-secret")


@pytest.mark.parametrize("given, missing", [("WIKI_USERNAME", "WIKI_PASSWORD"), ("WIKI_PASSWORD", "WIKI_USERNAME")])
def test_half_a_wiki_login_names_the_missing_setting(given, missing):
    """Only one of the two would read the wiki as the public does, silently: the sync refuses it."""
    env = {"PHABRICATOR_URL": "https://phab.example", "PHABRICATOR_TOKEN": TOKEN, "PHABRICATOR_PROJECT": "team",
           given: "Ann@sync"}
    with pytest.raises(ConfigError, match=f"{given} is set but {missing} is not"):
        load_settings(env=env, secrets_path=NO_SECRETS).require_phabricator()
    assert load_settings(env={}, secrets_path=NO_SECRETS).wiki_login is None


def test_urls_are_shown_without_their_credentials():
    from lib.config import shown_url

    assert shown_url("https://bot:s3cret@wiki.example.org:8443/w/api.php?x=1") == "https://wiki.example.org:8443/w/api.php?x=1"
    assert shown_url("https://wiki.example.org/w/api.php") == "https://wiki.example.org/w/api.php"
    assert shown_url("http://[::1]:8080/api") == "http://[::1]:8080/api" and shown_url(None) is None
    assert shown_url("https://bot:se/cr#et@wiki.example.org/w/api.php") == "https://wiki.example.org/w/api.php"
    assert shown_url("https://bot:x@wiki.example.org:80x/w/api.php") == "https://wiki.example.org:80x/w/api.php"
    for plain in ("https://wiki.example.org/w/api.php?contact=ops@example.org", "https://phab.example.org/@team",
                  "https://wiki.example.org:8443/w/api.php?x=a@b"):
        assert shown_url(plain) == plain  # an "@" in a path or a query is no password
    for secret in ("bot:secret@wiki.example/w/api.php", "//bot:secret@host/x", "https:/bot:secret@host/x",
                   "https://bot:se?cret@wiki.example/x?y=a@b", "https://bot:12/3@wiki.example/x",
                   "https://bot:p@ss@wiki.example.org/w", " https://bot:secret@wiki.example.org/w "):
        assert "secret" not in shown_url(secret) and "se?cret" not in shown_url(secret) and "12/3" not in shown_url(secret)
        assert "p@ss" not in shown_url(secret)
    for ipv6 in ("https://[::1]/users/ops@example.org", "https://[2001:db8::1]:8443/w/@x"):
        assert shown_url(ipv6) == ipv6


def test_the_secrets_example_copied_as_is_loads_and_leaves_the_optional_settings_at_their_defaults():
    """README says to start from it: it must load, and what a team seldom wants (a fixed cadence that
    overrides the days in milestone names, a store path relative to wherever a command runs) stays off."""
    example = ROOT / ".streamlit" / "secrets.toml.example"
    settings = load_settings(env={}, secrets_path=example)
    defaults = load_settings(env={}, secrets_path=Path("/nonexistent"))
    assert settings.phabricator_project == "community-tech" and settings.editors
    assert settings.sprint_cadence_start is None
    assert settings.database_url == defaults.database_url and settings.sprint_timezone == defaults.sprint_timezone
