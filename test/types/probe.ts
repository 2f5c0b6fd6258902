import { connect } from "../../src/index.js"; const c: typeof Bun.connect = connect; void c;
