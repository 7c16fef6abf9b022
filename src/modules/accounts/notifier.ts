/** How account flows (verification, password reset) reach a person. Implemented by the notifications module. */
export interface Notifier {
  email(message: { accountId: number; to: string; subject: string; text: string }): Promise<void>;
}
