"""What every feature uses: small, Flask-light helpers shared across packages."""
