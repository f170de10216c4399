import type { LiveConfig } from '../../shared/engine-api';
import { byVenue, type StreamSel } from '../streams';
import { endpointsFor, venueEndpointsFor, type UrlView } from '../url-view';

/** The engine's LiveConfig for a view: the several-venue `streams` + `venueEndpoints` shape;
 * the old Binance spot `endpoints` too when the URL used the old override keys (same values). */
export function liveConfigFor(view: UrlView, streams: readonly StreamSel[], record: boolean): LiveConfig {
  const endpoints = endpointsFor(view);
  const venueEndpoints = venueEndpointsFor(view);
  return {
    streams: byVenue(streams),
    record,
    ...(endpoints !== undefined ? { endpoints } : {}),
    ...(Object.keys(venueEndpoints).length > 0 ? { venueEndpoints } : {}),
  };
}
