import { SegmentedControl } from '@mantine/core';
import { useNavigate } from 'react-router';
import { useT } from '../../i18n/index.js';

/** Serviços Programados | Processos Modelo: the two lists of the Cobrança de Arquivos area. */
export function CollectionNav({ current }: { current: 'requests' | 'templates' }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <SegmentedControl
      aria-label={t.collection.areaLabel}
      value={current}
      onChange={(v) => navigate(v === 'templates' ? '/collection/templates' : '/collection')}
      data={[
        { value: 'requests', label: t.collection.tabRequests },
        { value: 'templates', label: t.collection.tabTemplates },
      ]}
      mb="md"
    />
  );
}
