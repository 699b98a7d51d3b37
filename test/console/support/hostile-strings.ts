/** Payloads that would run script if the console ever rendered log content as markup. */
export const XSS_IMG = '<img src=x onerror=alert(1)>'
export const XSS_SCRIPT = '</script><script>alert(1)</script>'
export const XSS_URL = 'javascript:alert(1)'
