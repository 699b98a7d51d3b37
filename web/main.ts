/** Console entry point: bundled by scripts/build-console.ts into /assets/app.js. */
import './lb-app.ts'
