/**
 * 9999-12-31T23:59:59Z in unix seconds: the largest timestamp any field takes (schedule, date_from, date_to).
 * Beyond it a value is surely milliseconds sent by mistake.
 */
export const MAX_UNIX_SECONDS = 253_402_300_799;
