"""The sync: fills the store from Phabricator (Conduit) and the wiki (MediaWiki Action API).

`python -m lib.sync` runs it from the command line; `lib.sync.pipeline.run_sync` from code.
"""
