"""What every feature uses: the confirm form, municipality look-ups, token hashing, Oslo dates,
spreadsheet-safe cells and pagination. Imports no feature package except the network's models."""
