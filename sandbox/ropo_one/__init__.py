"""Ropo One stand-in (Connect REST API), one host per country: /fi/rest/, /se/rest/, /no/rest/."""
