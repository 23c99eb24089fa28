import { Card, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A card under its title (an h3): a page's section of details, a form's group of fields. */
export function TitledCard({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <Card>
      <Title order={3} mb="md">
        {title}
      </Title>
      {children}
    </Card>
  );
}
