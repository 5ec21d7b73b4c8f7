import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { serviceCategories, type CsirtModel } from '../../../../contracts/csirt';
import { notifyError, notifySuccess } from '../../../components/notify';
import { useSaveProfile, type CsirtWorkspace } from '../api/csirt';
import { useLocalized } from './localized';

/** The service picker grouped reactive / proactive / security quality, and the CSIRT model. */
export function ServicesTab({ orgId, data }: { orgId: string; data: CsirtWorkspace }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const save = useSaveProfile(orgId);
  const [chosen, setChosen] = useState<string[]>(data.profile.serviceKeys);
  const [model, setModel] = useState<string>(data.profile.model ?? '');
  const [scope, setScope] = useState(data.profile.scope);
  const areaTitle = new Map(data.areas.map((a) => [a.key, localized(a.title)]));

  return (
    <Stack>
      <Card
        withBorder
        radius="md"
        padding="lg"
        component="section"
        aria-labelledby="csirt-services"
      >
        <Stack>
          <div>
            <Title order={2} fz="lg" id="csirt-services">
              {t('csirt.services.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('csirt.services.description')}
            </Text>
          </div>
          <Checkbox.Group value={chosen} onChange={setChosen}>
            <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
              {serviceCategories.map((category) => (
                <Stack key={category} gap="sm">
                  <Title order={3} fz="md">
                    {t(`csirt.services.categories.${category}`)}
                  </Title>
                  {data.services
                    .filter((s) => s.category === category)
                    .map((s) => (
                      <Checkbox
                        key={s.key}
                        value={s.key}
                        label={
                          <Group gap={6}>
                            <Text size="sm" fw={500}>
                              {localized(s.title)}
                            </Text>
                            {s.recommended && (
                              <Badge size="xs" color="teal" variant="light">
                                {t('csirt.services.recommended')}
                              </Badge>
                            )}
                          </Group>
                        }
                        description={`${areaTitle.get(s.area) ?? ''} — ${localized(s.description)}`}
                      />
                    ))}
                </Stack>
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <Group>
            <Button
              loading={save.isPending}
              onClick={() =>
                void save
                  .mutateAsync({ serviceKeys: chosen })
                  .then(() => notifySuccess(t('csirt.services.saved')), notifyError)
              }
            >
              {t('csirt.services.save')}
            </Button>
          </Group>
        </Stack>
      </Card>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="csirt-model">
        <Stack>
          <Title order={2} fz="lg" id="csirt-model">
            {t('csirt.services.modelTitle')}
          </Title>
          <Radio.Group label={t('csirt.services.model')} value={model} onChange={setModel}>
            <Stack gap="xs" mt="xs">
              {data.models.map((m) => (
                <Radio
                  key={m.key}
                  value={m.key}
                  label={localized(m.title)}
                  description={localized(m.description)}
                />
              ))}
            </Stack>
          </Radio.Group>
          <Textarea
            label={t('csirt.services.scope')}
            autosize
            minRows={2}
            maxLength={2000}
            value={scope}
            onChange={(e) => setScope(e.currentTarget.value)}
          />
          <Group>
            <Button
              loading={save.isPending}
              onClick={() =>
                void save
                  .mutateAsync({ model: model ? (model as CsirtModel) : null, scope })
                  .then(() => notifySuccess(t('csirt.services.modelSaved')), notifyError)
              }
            >
              {t('csirt.services.saveModel')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
