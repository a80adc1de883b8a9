import { dlTsup } from '../../tsup.shared';

export default dlTsup({ entry: ['src/index.ts', 'src/node.ts'] });
