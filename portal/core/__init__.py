"""What every feature uses: the confirm form and shared form fields, municipality look-ups,
token hashing, Oslo dates, spreadsheet-safe cells, pagination, ids from URLs and look-alike
names. Imports no feature package except the network's models."""
