"""Facts from outside systems: the council's committee system (ModernGov), read and recorded as facts.

Between the store (which it writes through) and the operations and command line (which run it): client.py reads
the service, mapping.py reads the mapping file, moderngov.py turns the answers into facts and records them, all or
nothing, config.py holds the settings.
"""
