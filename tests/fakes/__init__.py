"""Test doubles that speak real HTTP: loopback servers around the Conduit and MediaWiki fakes."""
