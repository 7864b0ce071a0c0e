"""Operations: backup and restore, and the retention of personal data (AVG)."""
