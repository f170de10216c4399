import { useFrame } from '../data/use-frame';
import { Ladder } from '../ladder/ladder';
import { sizeUnitNote } from '../ladder/size-unit';

export function LadderPanel() {
  const store = useFrame(20);
  const f = store.focus();
  return <Ladder view={store.book} state={store.stateOf(f)} streamLabel={f?.info.key ?? 'no stream'} sizeUnit={sizeUnitNote(f?.stats)} />;
}
