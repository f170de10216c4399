export declare const w = 1;
