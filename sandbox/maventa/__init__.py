"""Maventa stand-in: OAuth2 client credentials and the Ropo Receivables API."""
