export declare function resolveChromium(): { path: string; source: string } | undefined;
