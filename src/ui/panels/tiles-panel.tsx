import { useFrame } from '../data/use-frame';
import { MetricTiles } from '../metrics/metric-tiles';
import { priceDecimals } from './price-decimals';

export function TilesPanel() {
  const store = useFrame(5);
  const live = store.stateOf(store.focus()) === 'live';
  return <MetricTiles last={store.last} live={live} priceDecimals={priceDecimals(store.book)} />;
}
