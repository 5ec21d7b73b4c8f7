import { notifications } from '@mantine/notifications';
import { isApiError } from '../api/client';
import i18n from '../i18n';

export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message, autoClose: 4000 });
}

/** Shows the server's localised message for a failed action. */
export function notifyError(error: unknown): void {
  notifications.show({
    color: 'red',
    title: i18n.t('errors.title'),
    message: isApiError(error) ? error.message : i18n.t('errors.unexpected'),
    autoClose: 8000,
  });
}
