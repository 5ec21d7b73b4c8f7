import {
  Anchor,
  Badge,
  Button,
  Card,
  CopyButton,
  Group,
  Image,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { notifyError, notifySuccess } from '../../../components/notify';
import { QueryState } from '../../../components/QueryState';
import { useFormatters } from '../../../lib/use-formatters';
import { useChangeReportLink, useReportLink } from '../api/incidents';

function useQrCode(url: string | null): string | null {
  const [dataUrl, setDataUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!url) return;
    let cancelled = false;
    QRCode.toDataURL(url, { margin: 1, width: 200, errorCorrectionLevel: 'M' })
      .then((d) => {
        if (!cancelled) setDataUrl(d);
      })
      .catch(() => {
        if (!cancelled) setDataUrl(null);
      });
    return () => {
      cancelled = true;
    };
  }, [url]);
  return url ? dataUrl : null;
}

/** Publishes the company's public report form: on/off, a copyable address, a QR code, a new link. */
export function ReportLinkPanel({
  orgId,
  canAdminister,
}: {
  orgId: string;
  canAdminister: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const link = useReportLink(orgId);
  const change = useChangeReportLink(orgId);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const url =
    link.data?.enabled && link.data.slug
      ? `${window.location.origin}/report/${link.data.slug}`
      : null;
  const qr = useQrCode(url);

  const run = (what: { enabled: boolean } | 'rotate', message: string) =>
    change.mutate(what, {
      onSuccess: () => {
        notifySuccess(message);
        setConfirmRotate(false);
      },
      onError: notifyError,
    });

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="report-link">
      <Stack>
        <Group justify="space-between">
          <Title order={2} fz="lg" id="report-link">
            {t('incidents.link.title')}
          </Title>
          {link.data && (
            <Badge color={link.data.enabled ? 'teal' : 'gray'} variant="light">
              {link.data.enabled ? t('incidents.link.statusOn') : t('incidents.link.statusOff')}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {t('incidents.link.intro')}
        </Text>
        <QueryState query={link}>
          {(data) => (
            <Stack>
              {url ? (
                <Group align="flex-start" wrap="wrap" gap="lg">
                  <Stack style={{ flex: '1 1 320px' }} gap="xs">
                    <TextInput
                      label={t('incidents.link.url')}
                      readOnly
                      value={url}
                      onFocus={(e) => e.currentTarget.select()}
                    />
                    <Group gap="xs">
                      <CopyButton value={url}>
                        {({ copied, copy }) => (
                          <Button size="xs" variant="light" onClick={copy}>
                            {copied ? t('incidents.link.copied') : t('incidents.link.copy')}
                          </Button>
                        )}
                      </CopyButton>
                      {qr && (
                        <Anchor href={qr} download="incident-report-form-qr.png" size="sm">
                          {t('incidents.link.qrDownload')}
                        </Anchor>
                      )}
                    </Group>
                    {data.rotatedAt && (
                      <Text size="xs" c="dimmed">
                        {t('incidents.link.lastRotated', { at: fmt.dateTime(data.rotatedAt) })}
                      </Text>
                    )}
                  </Stack>
                  {qr && <Image src={qr} alt={t('incidents.link.qr')} w={160} h={160} />}
                </Group>
              ) : (
                <Text size="sm">{t('incidents.link.offNote')}</Text>
              )}
              {canAdminister ? (
                <Group gap="sm">
                  {data.enabled ? (
                    <>
                      <Button
                        variant="default"
                        loading={change.isPending}
                        onClick={() => run({ enabled: false }, t('incidents.link.disabled'))}
                      >
                        {t('incidents.link.disable')}
                      </Button>
                      <Button variant="light" color="orange" onClick={() => setConfirmRotate(true)}>
                        {t('incidents.link.rotate')}
                      </Button>
                    </>
                  ) : (
                    <Button
                      loading={change.isPending}
                      onClick={() => run({ enabled: true }, t('incidents.link.enabled'))}
                    >
                      {t('incidents.link.enable')}
                    </Button>
                  )}
                </Group>
              ) : (
                <Text size="xs" c="dimmed">
                  {t('incidents.link.adminOnly')}
                </Text>
              )}
            </Stack>
          )}
        </QueryState>
      </Stack>
      <ConfirmDialog
        opened={confirmRotate}
        title={t('incidents.link.rotateTitle')}
        message={t('incidents.link.rotateMessage')}
        confirmLabel={t('incidents.link.rotate')}
        loading={change.isPending}
        onConfirm={() => run('rotate', t('incidents.link.rotated'))}
        onClose={() => setConfirmRotate(false)}
      />
    </Card>
  );
}
