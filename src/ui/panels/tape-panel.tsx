import { useFrame } from '../data/use-frame';
import { TradesTape } from '../trades/trades-tape';
import { priceDecimals } from './price-decimals';

export function TapePanel() {
  const store = useFrame(8);
  return <TradesTape trades={store.trades} count={store.tradesCount} priceDecimals={priceDecimals(store.book)} />;
}
