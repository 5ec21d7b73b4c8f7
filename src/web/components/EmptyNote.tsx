import { Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** What a list shows when it has nothing in it. */
export function EmptyNote({ children }: { children: ReactNode }) {
  return (
    <Paper withBorder p="lg" radius="md" bg="gray.0">
      <Text c="dimmed" ta="center">
        {children}
      </Text>
    </Paper>
  );
}
