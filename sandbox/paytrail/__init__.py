"""Payment gateway stand-in, compatible with Paytrail's API (HMAC-SHA256 signed)."""
