"""Privacy tests: redaction of free text and the leak audit."""
