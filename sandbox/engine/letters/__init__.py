"""Letters as PDF: rendered on demand with WeasyPrint from the stored letter facts."""
