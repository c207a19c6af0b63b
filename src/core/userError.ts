/**
 * A problem the user can fix (unknown country, year without data). Its message is shown to them
 * as it is, ephemerally, so it must say what would work.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}
