import { useMediaQuery } from '@mantine/hooks';

/** Below Mantine's `sm` breakpoint (48em, 768 px): a phone, where lists become cards and filters a drawer. */
export const PHONE_QUERY = '(max-width: 47.99em)';

/** Whether the screen is phone-sized, right from the first render (no desktop flash on a phone). */
export function usePhone(): boolean {
  return useMediaQuery(PHONE_QUERY, window.matchMedia(PHONE_QUERY).matches, {
    getInitialValueInEffect: false,
  });
}
