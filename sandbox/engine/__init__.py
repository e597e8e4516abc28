"""The case engine shared by every stand-in (Ropo One and Maventa facades, gateway, IdP)."""
