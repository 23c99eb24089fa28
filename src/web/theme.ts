import {
  ActionIcon,
  Badge,
  Button,
  Card,
  createTheme,
  type MantineColorsTuple,
  Modal,
  NavLink,
  Notification,
  Paper,
  PasswordInput,
  Table,
  Tabs,
  Tooltip,
} from '@mantine/core';
import type { Dictionary } from './i18n/index.js';

/** Deep teal-blue: the brand colour. Shade 8 is the primary in light mode. */
const brand: MantineColorsTuple = [
  '#e6f5f8',
  '#d0e8ee',
  '#a3d0dc',
  '#72b6c8',
  '#4aa0b7',
  '#3193ad',
  '#218ca9',
  '#107994',
  '#046b85',
  '#005c73',
];

/** The theme; built per language so that Mantine's own icon buttons get labels in that language. */
export function buildTheme(t: Dictionary) {
  return createTheme({
    primaryColor: 'brand',
    primaryShade: { light: 8, dark: 6 },
    colors: { brand },
    fontFamily:
      'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
    fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
    headings: {
      fontWeight: '650',
      sizes: {
        h1: { fontSize: '1.75rem', lineHeight: '1.25' },
        h2: { fontSize: '1.375rem', lineHeight: '1.3' },
        h3: { fontSize: '1.125rem', lineHeight: '1.35' },
        h4: { fontSize: '1rem', lineHeight: '1.4' },
      },
    },
    defaultRadius: 'md',
    cursorType: 'pointer',
    components: {
      Button: Button.extend({ defaultProps: { radius: 'md' } }),
      ActionIcon: ActionIcon.extend({ defaultProps: { variant: 'subtle', color: 'gray' } }),
      Badge: Badge.extend({ defaultProps: { radius: 'sm', variant: 'light' } }),
      Card: Card.extend({ defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } }),
      Paper: Paper.extend({ defaultProps: { radius: 'md' } }),
      Modal: Modal.extend({
        defaultProps: {
          centered: true,
          overlayProps: { backgroundOpacity: 0.45, blur: 2 },
          closeButtonProps: { 'aria-label': t.common.close },
        },
      }),
      Notification: Notification.extend({
        defaultProps: { closeButtonProps: { 'aria-label': t.common.close } },
      }),
      PasswordInput: PasswordInput.extend({
        defaultProps: { visibilityToggleButtonProps: { 'aria-label': t.auth.togglePassword } },
      }),
      NavLink: NavLink.extend({ defaultProps: { variant: 'light' } }),
      Table: Table.extend({ defaultProps: { verticalSpacing: 'sm', horizontalSpacing: 'md' } }),
      Tabs: Tabs.extend({ defaultProps: { keepMounted: false } }),
      Tooltip: Tooltip.extend({ defaultProps: { openDelay: 300, withArrow: true } }),
    },
  });
}
