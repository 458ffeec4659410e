/**
 * Generated from the worker's /openapi.json by `npm run client:generate`
 * (openapi-typescript); do not edit. `npm test` fails when this file and the served
 * document disagree.
 */
export type paths = {
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The public keys access tokens are signed with (EdDSA, Ed25519) */
        get: operations["getJwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/assessments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My assessments, writing and speaking, newest first */
        get: operations["listAssessments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/assessments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of my assessments, in full */
        get: operations["getAssessment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/apple": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with Apple (identity token from ASAuthorizationAppleIDCredential) */
        post: operations["signInWithApple"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/google": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with Google (ID token from Google Sign-In / Credential Manager) */
        post: operations["signInWithGoogle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with email and password */
        post: operations["signIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End the session a refresh token belongs to
         * @description Idempotent: an unknown or already ended token also answers 204 (RFC 7009).
         */
        post: operations["signOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Trade a refresh token for a new access token and a new refresh token
         * @description Every use rotates the refresh token. Presenting a token that was already rotated ends the whole session, except a retry of the latest rotated token within 10 seconds, which answers the same new refresh token again.
         */
        post: operations["refreshSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an account with email and password and sign in
         * @description Emails are trimmed and lower-cased. Passwords: 8–256 characters, no composition rules, not one of the most common passwords. The account lives in the caller’s nearest region.
         */
        post: operations["registerAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/catalog": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The four modules: price, assessments per purchase and store product ids */
        get: operations["getCatalog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/entitlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per module: assessments purchased, used, taken back by refunds, remaining */
        get: operations["listEntitlements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who I am (answered from the access token alone) */
        get: operations["getMe"];
        put?: never;
        post?: never;
        /**
         * Erase my account
         * @description Ends every session, deletes every item about the user and refuses their access tokens. Purchase claim items stay, without the user id: the stores refund by transaction id and a receipt must never grant twice.
         */
        delete: operations["deleteMyAccount"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Everything we hold on me, as JSON */
        get: operations["exportMyData"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/nova-sonic/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a speaking test (one assessment is charged once per Idempotency-Key) */
        post: operations["startSpeakingSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/nova-sonic/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A speaking test: its state, transcript so far, and the result once scored */
        get: operations["getSpeakingSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/nova-sonic/sessions/{id}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The speaking test’s WebSocket: audio and events
         * @description Client → server: binary frames of 16 kHz 16-bit mono little-endian LPCM (at most 1 s each), and JSON text frames `{"type":"ready"}` (start the test), `{"type":"end_turn"}` (end Part 2 preparation or the long turn early), `{"type":"finish"}` (end the test now).
         *
         *     Server → client: binary frames of 24 kHz 16-bit mono LPCM (the examiner), and JSON text frames: `part_started` {part, limits, card?, at}, `examiner_text` {text, final}, `user_transcript` {text} (final only), `notice` {code: SPEAK_NOW | TIME_UP | RECONNECTING | LATENCY, message}, `error` {code, message}, `finished` {reason}.
         *
         *     Audio is relayed, never stored or logged. Reconnecting (same token, or a new ticket from a replay of the creating request) resumes the test within a minute of a drop.
         */
        get: operations["openSpeakingStream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/purchases/apple": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Redeem a StoreKit 2 signed transaction; a replay answers the original grant */
        post: operations["redeemApplePurchase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/purchases/google": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Redeem a Google Play purchase token; a replay answers the original grant */
        post: operations["redeemGooglePurchase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/writing/assessments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Score a writing answer (one assessment is charged once per Idempotency-Key) */
        post: operations["submitWritingAssessment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/writing/band": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My estimated writing band for a module, from my latest Task 1 and Task 2 results */
        get: operations["getWritingBand"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/writing/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The writing question bank, optionally filtered by module and task */
        get: operations["listWritingTasks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The worker's version and each region's origin status and latency */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/apple": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * App Store Server Notifications V2 (refunds, revocations, refund reversals)
         * @description Called by the App Store. No HTTP authentication: the payload is a JWS Apple signed.
         */
        post: operations["receiveAppleNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/google": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Google Play real-time developer notifications (Pub/Sub push)
         * @description Called by Cloud Pub/Sub. The push subscription authenticates with an OIDC token of its service account.
         */
        post: operations["receiveGoogleNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        AccountExport: {
            assessments: {
                [key: string]: unknown;
            }[];
            credential: {
                [key: string]: unknown;
            } | null;
            entitlements: {
                [key: string]: unknown;
            }[];
            exportedAt: string;
            idempotencyRecords: {
                [key: string]: unknown;
            }[];
            identities: {
                [key: string]: unknown;
            }[];
            identityLinks: {
                [key: string]: unknown;
            }[];
            /** @description Scoring runs counted against today’s (UTC) cap; null if unknown */
            modelCallsToday: {
                count: number;
                day: string;
            } | null;
            other: {
                [key: string]: unknown;
            }[];
            profile: {
                [key: string]: unknown;
            } | null;
            purchaseClaims: {
                [key: string]: unknown;
            }[];
            purchases: {
                [key: string]: unknown;
            }[];
            sessions: {
                expiresAt: string;
                id: string;
                startedAt: string;
            }[] | null;
            /** @description Speaking tests not among `assessments` yet (waiting, running or being scored), with their FINAL transcript so far. Never audio: it is not stored. */
            speakingSessions: {
                assessmentId: string | null;
                createdAt: string;
                expiresAt: string;
                failure: {
                    code: string;
                    message: string;
                    slotRestored: boolean;
                } | null;
                finishedAt: string | null;
                /** @enum {string|null} */
                finishReason: "completed" | "candidate_finished" | "abandoned" | "failed" | null;
                id: string;
                /** @enum {string} */
                module: "academic_speaking" | "general_speaking";
                part: number | null;
                phase: string | null;
                startedAt: string | null;
                /**
                 * @description `created`: connect and send `ready` before `expiresAt`; `live`: in progress; `scoring`: over, being scored; `scored`: `result` is set; `failed`: not charged (see `failure`).
                 * @enum {string}
                 */
                state: "created" | "live" | "scoring" | "scored" | "failed";
                /** @description FINAL text only; in `result` once scored. */
                transcript: {
                    truncated: boolean;
                    turns: {
                        at: string;
                        part: number;
                        /** @enum {string} */
                        speaker: "examiner" | "candidate";
                        text: string;
                    }[];
                } | null;
            }[];
            user: {
                email: string | null;
                /** @enum {string} */
                homeRegion: "us-east-1" | "eu-west-1" | "ap-southeast-1";
                /** Format: uuid */
                id: string;
            };
        };
        AppleNotification: {
            signedPayload: string;
        };
        ApplePurchase: {
            signedTransaction: string;
        };
        AppleSignIn: {
            identityToken: string;
            /** @description The raw nonce the app generated for this sign-in, if any. */
            nonce?: string;
        };
        Assessment: {
            assessment: components["schemas"]["AssessmentSummary"] & {
                /** @description The full result of this kind (keys in alphabetical order). Writing: `text`, `taskId`, `task`, `criteria` (band, justification, strengths, improvements, evidence), `taskBand`, `bandNote`, `rulesApplied`, `corrections`, `words`, `model` (id, region, token usage), `rubricVersion`, `examiner`, `submittedAt`, `completedAt`. */
                result: {
                    [key: string]: unknown;
                };
            };
        };
        AssessmentHistory: {
            assessments: components["schemas"]["AssessmentSummary"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        AssessmentSummary: {
            /** Format: date-time */
            createdAt: string;
            /** @example 01JZ3K6Q9V8W7X6Y5Z4A3B2C1D */
            id: string;
            /** @enum {string} */
            kind: "writing" | "speaking";
            /** @enum {string} */
            module: "academic_speaking" | "academic_writing" | "general_speaking" | "general_writing";
            /** @description Computed by our code (never by the model); null when it could not be. */
            overallBand: number | null;
            /** @description True when the band is an estimate the app should label as such. */
            provisional: boolean;
            /** @description The task title, or the speaking test name. */
            title: string;
        };
        Catalog: {
            modules: components["schemas"]["CatalogModule"][];
        };
        CatalogModule: {
            /** @example 4 */
            assessmentsPerPurchase: number;
            /** @enum {string} */
            id: "academic_speaking" | "academic_writing" | "general_speaking" | "general_writing";
            price: {
                /** @example 3600 */
                amountCents: number;
                /** @example USD */
                currency: string;
                /** @example $36.00 */
                display: string;
            };
            products: {
                apple: string;
                google: string;
            };
            /** @enum {string} */
            skill: "writing" | "speaking";
            title: string;
            /** @enum {string} */
            track: "academic" | "general";
        };
        Entitlements: {
            entitlements: {
                /** @enum {string} */
                module: "academic_speaking" | "academic_writing" | "general_speaking" | "general_writing";
                purchased: number;
                remaining: number;
                revoked: number;
                used: number;
            }[];
        };
        Error: {
            error: {
                /**
                 * @description Stable; switch on it.
                 * @enum {string}
                 */
                code: "BAD_REQUEST" | "VALIDATION_FAILED" | "INVALID_JSON" | "MISSING_IDEMPOTENCY_KEY" | "UNAUTHORIZED" | "INVALID_TOKEN" | "INVALID_CREDENTIALS" | "NO_ASSESSMENTS_LEFT" | "FORBIDDEN" | "SIGNATURE_INVALID" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "CONFLICT" | "CONDITION_FAILED" | "EMAIL_TAKEN" | "PURCHASE_ALREADY_CLAIMED" | "IN_PROGRESS" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "IDEMPOTENCY_KEY_REUSED" | "INVALID_RECEIPT" | "RATE_LIMITED" | "DAILY_LIMIT_REACHED" | "INTERNAL" | "BAD_ENVIRONMENT" | "UPSTREAM_ERROR" | "ASSESSMENT_UNAVAILABLE" | "STORE_UNAVAILABLE" | "ORIGIN_UNAVAILABLE" | "SESSION_STORE_UNAVAILABLE";
                details?: unknown;
                /** @description For the developer; may change. */
                message: string;
                /** @description Also in `X-Request-Id`; quote it. */
                requestId: string;
            };
        };
        GooglePurchase: {
            productId: string;
            purchaseToken: string;
        };
        GoogleSignIn: {
            idToken: string;
            /** @description The raw nonce the app generated for this sign-in, if any. */
            nonce?: string;
        };
        Health: {
            degraded: ("us-east-1" | "eu-west-1" | "ap-southeast-1")[];
            environment: string;
            /** @description Names (never values) of the variables that would configure the rest. */
            missingVariables: string[];
            /** @enum {string} */
            nearestRegion: "us-east-1" | "eu-west-1" | "ap-southeast-1";
            regions: {
                /** @enum {string|null} */
                breaker: "closed" | "open" | "half-open" | null;
                latencyMs: number | null;
                /** @enum {string} */
                region: "us-east-1" | "eu-west-1" | "ap-southeast-1";
                /**
                 * @description `unconfigured`: this worker has no origin URL or no edge AWS credentials for the region, so it was not probed.
                 * @enum {string}
                 */
                status: "healthy" | "degraded" | "unconfigured";
            }[];
            /**
             * @description Over the configured regions: `ok` all healthy, `degraded` some, `down` none (503). `unconfigured`: no region is configured (a bare `wrangler dev`); routes that need no origin still answer.
             * @enum {string}
             */
            status: "ok" | "degraded" | "down" | "unconfigured";
            unconfigured: ("us-east-1" | "eu-west-1" | "ap-southeast-1")[];
            version: string;
        };
        Jwks: {
            keys: {
                alg?: string;
                crv?: string;
                kid?: string;
                kty: string;
                use?: string;
                x?: string;
            }[];
        };
        Login: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /** Format: password */
            password: string;
        };
        Me: {
            user: {
                email: string | null;
                /** @enum {string} */
                homeRegion: "us-east-1" | "eu-west-1" | "ap-southeast-1";
                /** Format: uuid */
                id: string;
            };
        };
        NotificationReceived: {
            outcome: string;
            /** @enum {boolean} */
            received: true;
        };
        PubSubPush: {
            message: {
                data?: string;
                message_id?: string;
                messageId?: string;
            } & {
                [key: string]: unknown;
            };
            subscription?: string;
        };
        PurchaseGrant: {
            purchase: {
                /** @enum {string} */
                environment: "Production" | "Sandbox";
                /** @description Assessments this purchase added */
                granted: number;
                grantedAt: string;
                /** @enum {string} */
                module: "academic_speaking" | "academic_writing" | "general_speaking" | "general_writing";
                productId: string;
                purchasedAt: string;
                quantity: number;
                /** @enum {string} */
                store: "apple" | "google";
                transactionId: string;
            };
        };
        Refreshed: {
            /** @description EdDSA JWT, 15 minutes; send as Bearer. */
            accessToken: string;
            /** @description Seconds until the access token expires. */
            expiresIn: number;
            /** @description Opaque; rotated on every use. */
            refreshToken: string;
            /** @enum {string} */
            tokenType: "Bearer";
        };
        RefreshRequest: {
            /** @description The opaque refresh token from the last sign-in or refresh. */
            refreshToken: string;
        };
        Registration: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /** Format: password */
            password: string;
        };
        SessionUser: {
            email: string;
            /** Format: uuid */
            id: string;
        };
        SignedIn: {
            /** @description EdDSA JWT, 15 minutes; send as Bearer. */
            accessToken: string;
            /** @description Seconds until the access token expires. */
            expiresIn: number;
            /** @description Opaque; rotated on every use. */
            refreshToken: string;
            /** @enum {string} */
            tokenType: "Bearer";
            user: components["schemas"]["SessionUser"];
        };
        SpeakingSession: {
            assessmentId: string | null;
            createdAt: string;
            expiresAt: string;
            failure: {
                code: string;
                message: string;
                slotRestored: boolean;
            } | null;
            finishedAt: string | null;
            /** @enum {string|null} */
            finishReason: "completed" | "candidate_finished" | "abandoned" | "failed" | null;
            id: string;
            /** @enum {string} */
            module: "academic_speaking" | "general_speaking";
            overallBand: number | null;
            part: number | null;
            phase: string | null;
            provisional: boolean | null;
            /** @description The stored speaking result once scored: criteria, pronunciation (or null with `pronunciationNote`), overall band, transcript. */
            result: {
                [key: string]: unknown;
            } | null;
            startedAt: string | null;
            /**
             * @description `created`: connect and send `ready` before `expiresAt`; `live`: in progress; `scoring`: over, being scored; `scored`: `result` is set; `failed`: not charged (see `failure`).
             * @enum {string}
             */
            state: "created" | "live" | "scoring" | "scored" | "failed";
            /** @description FINAL text only; in `result` once scored. */
            transcript: {
                truncated: boolean;
                turns: {
                    at: string;
                    part: number;
                    /** @enum {string} */
                    speaker: "examiner" | "candidate";
                    text: string;
                }[];
            } | null;
        };
        SpeakingSessionCreated: {
            /** @description The test must be started (`ready`) by then. */
            expiresAt: string;
            id: string;
            /** @description Set when the caller is far from us-east-1, where the examiner runs. */
            latencyNotice?: string;
            /**
             * @description `created`: connect and send `ready` before `expiresAt`; `live`: in progress; `scoring`: over, being scored; `scored`: `result` is set; `failed`: not charged (see `failure`).
             * @enum {string}
             */
            state: "created" | "live" | "scoring" | "scored" | "failed";
            /** @description The WebSocket. Either send `Authorization: Bearer <access token>` on the upgrade, or use this URL as is: its `ticket` opens it once, within 60 s. */
            streamUrl: string;
        };
        SpeakingSessionRequest: {
            /** @enum {string} */
            module: "academic_speaking" | "general_speaking";
        };
        WritingBandEstimate: {
            /** @description (Task 1 + 2 × Task 2) / 3 rounded to the nearest half band; null until both tasks have a result */
            band: number | null;
            /** @enum {boolean} */
            estimate: true;
            /** @enum {string} */
            module: "academic_writing" | "general_writing";
            note: string;
            task1: {
                assessmentId: string;
                band: number;
                createdAt: string;
                taskId: string;
            } | null;
            task2: {
                assessmentId: string;
                band: number;
                createdAt: string;
                taskId: string;
            } | null;
        };
        WritingSubmission: {
            /** @enum {string} */
            module: "academic_writing" | "general_writing";
            /** @example aw-t2-01 */
            taskId: string;
            /** @description The answer as plain text. Line breaks become \n, the text is put in Unicode NFC and trimmed; then it must be 1–12000 characters (UTF-16 code units, as JavaScript, Java and Kotlin count string length) without control characters other than tab and line feed. */
            text: string;
        };
        WritingTask: {
            /** @example aw-t2-01 */
            id: string;
            instructions: string;
            material: components["schemas"]["WritingTaskMaterial"];
            minimumWords: 150 | 250;
            /** @enum {string} */
            module: "academic_writing" | "general_writing";
            suggestedMinutes: 20 | 40;
            task: 1 | 2;
            title: string;
        };
        /** @description What the rubric refers to. `table`: chart data as a header row and rows; `process`: ordered steps; `maps`: labelled maps with their features; `letter`: situation, three bullet points, tone and salutation; `essay`: topic and question. */
        WritingTaskMaterial: {
            /** @enum {string} */
            kind: "table" | "process" | "maps" | "letter" | "essay";
        } & {
            [key: string]: unknown;
        };
        WritingTasks: {
            tasks: components["schemas"]["WritingTask"][];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    getJwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON Web Key Set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "keys": [
                     *         {
                     *           "kty": "OKP",
                     *           "crv": "Ed25519",
                     *           "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
                     *           "kid": "2026-01-01-a1b2c3",
                     *           "alg": "EdDSA",
                     *           "use": "sig"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Jwks"];
                };
            };
            /** @description `BAD_ENVIRONMENT`: no signing key is configured */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAssessments: {
        parameters: {
            query?: {
                /** @description Opaque: the `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Page size, 1–50 (default 20). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "assessments": [
                     *         {
                     *           "id": "01JZ3M2R4T6V8X0Z2B4D6F8H0K",
                     *           "kind": "writing",
                     *           "module": "academic_writing",
                     *           "title": "Free public transport",
                     *           "overallBand": 6.5,
                     *           "provisional": true,
                     *           "createdAt": "2026-03-02T10:00:41.000Z"
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": components["schemas"]["AssessmentHistory"];
                };
            };
            /** @description `VALIDATION_FAILED`: a bad `limit` or `cursor` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHORIZED` or `INVALID_TOKEN` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `ORIGIN_UNAVAILABLE` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAssessment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The assessment, as its submission answered it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "assessment": {
                     *         "id": "01JZ3M2R4T6V8X0Z2B4D6F8H0K",
                     *         "kind": "writing",
                     *         "module": "academic_writing",
                     *         "title": "Free public transport",
                     *         "overallBand": 6.5,
                     *         "provisional": true,
                     *         "createdAt": "2026-03-02T10:00:41.000Z",
                     *         "result": {
                     *           "bandNote": "Bands are computed by our code from the criterion bands: the mean rounded to the nearest half band (.25 rounds up to .5, .75 up to the next whole band). IELTS publishes this rounding for the overall band only; for task and writing bands it is our estimate.",
                     *           "completedAt": "2026-03-02T10:00:41.000Z",
                     *           "corrections": [
                     *             {
                     *               "category": "grammar",
                     *               "end": 344,
                     *               "quote": "a expensive",
                     *               "start": 333,
                     *               "suggestion": "an expensive"
                     *             }
                     *           ],
                     *           "criteria": [
                     *             {
                     *               "band": 7,
                     *               "evidence": [
                     *                 "In my view, this is an effective way to cut traffic"
                     *               ],
                     *               "id": "task_response",
                     *               "improvements": [
                     *                 "Develop each main idea with a specific example"
                     *               ],
                     *               "justification": "All parts of the task are addressed.",
                     *               "modelBand": 7,
                     *               "name": "Task Response",
                     *               "strengths": [
                     *                 "A clear position stated in the introduction"
                     *               ]
                     *             },
                     *             {
                     *               "band": 6.5,
                     *               "evidence": [
                     *                 "In my view, this is an effective way to cut traffic"
                     *               ],
                     *               "id": "coherence_cohesion",
                     *               "improvements": [
                     *                 "Develop each main idea with a specific example"
                     *               ],
                     *               "justification": "Ideas are logically organised.",
                     *               "modelBand": 6.5,
                     *               "name": "Coherence and Cohesion",
                     *               "strengths": [
                     *                 "A clear position stated in the introduction"
                     *               ]
                     *             },
                     *             {
                     *               "band": 6.5,
                     *               "evidence": [
                     *                 "In my view, this is an effective way to cut traffic"
                     *               ],
                     *               "id": "lexical_resource",
                     *               "improvements": [
                     *                 "Develop each main idea with a specific example"
                     *               ],
                     *               "justification": "A sufficient range of vocabulary.",
                     *               "modelBand": 6.5,
                     *               "name": "Lexical Resource",
                     *               "strengths": [
                     *                 "A clear position stated in the introduction"
                     *               ]
                     *             },
                     *             {
                     *               "band": 6,
                     *               "evidence": [
                     *                 "In my view, this is an effective way to cut traffic"
                     *               ],
                     *               "id": "grammatical_range_accuracy",
                     *               "improvements": [
                     *                 "Develop each main idea with a specific example"
                     *               ],
                     *               "justification": "A mix of simple and complex sentences.",
                     *               "modelBand": 6,
                     *               "name": "Grammatical Range and Accuracy",
                     *               "strengths": [
                     *                 "A clear position stated in the introduction"
                     *               ]
                     *             }
                     *           ],
                     *           "examiner": "amazon-nova-micro",
                     *           "model": {
                     *             "calls": 1,
                     *             "id": "eu.amazon.nova-micro-v1:0",
                     *             "latencyMs": 2140,
                     *             "region": "eu-west-1",
                     *             "repaired": false,
                     *             "usage": {
                     *               "inputTokens": 3223,
                     *               "outputTokens": 763
                     *             }
                     *           },
                     *           "module": "academic_writing",
                     *           "quotes": {
                     *             "checked": 6,
                     *             "dropped": 0
                     *           },
                     *           "rubricVersion": "ielts-writing-2023-05/v1",
                     *           "rulesApplied": [],
                     *           "submittedAt": "2026-03-02T10:00:30.000Z",
                     *           "task": 2,
                     *           "taskBand": 6.5,
                     *           "taskId": "aw-t2-01",
                     *           "text": "Several cities now run their buses and trains free of charge and pay for them from taxes. In my view, this is an effective way to cut traffic, but only when it comes with better services and limits on cars.",
                     *           "words": {
                     *             "copiedFromPrompt": 0,
                     *             "counted": 268,
                     *             "minimum": 250,
                     *             "total": 268
                     *           }
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Assessment"];
                };
            };
            /** @description `VALIDATION_FAILED`: not an assessment id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHORIZED` or `INVALID_TOKEN` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no assessment of mine has this id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `ORIGIN_UNAVAILABLE` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    signInWithApple: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "identityToken": "eyJhbGciOiJSUzI1NiIsImtpZCI6ImV4YW1wbGUifQ.eyJpc3MiOiJodHRwczovL2FwcGxlaWQuYXBwbGUuY29tIn0.c2lnbmF0dXJl",
                 *       "nonce": "b1f0c9d2-6a3e-4f57-8c21-9e7d4a5b3c60"
                 *     }
                 */
                "application/json": components["schemas"]["AppleSignIn"];
            };
        };
        responses: {
            /** @description Signed in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "user": {
                     *         "id": "3b241101-e2bb-4255-8caf-4136c566a962",
                     *         "email": "ada@example.com"
                     *       },
                     *       "accessToken": "eyJhbGciOiJFZERTQSIsImtpZCI6IjIwMjYtMDEtMDEtYTFiMmMzIn0.eyJzdWIiOiIzYjI0MTEwMS1lMmJiLTQyNTUtOGNhZi00MTM2YzU2NmE5NjIifQ.c2lnbmF0dXJl",
                     *       "refreshToken": "rt1.0.3b241101-e2bb-4255-8caf-4136c566a962.fq7Xc2mV9pL4sT8wZ1bN5hK.0.Hq3Jm8sW1xZ5cV9bN2kL7pT4rY6uI0oA3dF8gH1jK5l",
                     *       "expiresIn": 900,
                     *       "tokenType": "Bearer"
                     *     }
                     */
                    "application/json": components["schemas"]["SignedIn"];
                };
            };
            /** @description A new account was created and signed in */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "user": {
                     *         "id": "3b241101-e2bb-4255-8caf-4136c566a962",
                     *         "email": "ada@example.com"
                     *       },
                     *       "accessToken": "eyJhbGciOiJFZERTQSIsImtpZCI6IjIwMjYtMDEtMDEtYTFiMmMzIn0.eyJzdWIiOiIzYjI0MTEwMS1lMmJiLTQyNTUtOGNhZi00MTM2YzU2NmE5NjIifQ.c2lnbmF0dXJl",
                     *       "refreshToken": "rt1.0.3b241101-e2bb-4255-8caf-4136c566a962.fq7Xc2mV9pL4sT8wZ1bN5hK.0.Hq3Jm8sW1xZ5cV9bN2kL7pT4rY6uI0oA3dF8gH1jK5l",
                     *       "expiresIn": 900,
                     *       "tokenType": "Bearer"
                     *     }
                     */
                    "application/json": components["schemas"]["SignedIn"];
                };
            };
            /** @description `VALIDATION_FAILED`, or `BAD_REQUEST` when the token has no email */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INVALID_TOKEN`: bad signature, wrong audience or issuer, expired, nonce */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`: the provider has not verified the email */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `EMAIL_TAKEN`: a password account holds the (unverified) email */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: send `Content-Type: application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`, with `Retry-After` */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UPSTREAM_ERROR`: the provider’s keys could not be fetched */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_STORE_UNAVAILABLE` or `ORIGIN_UNAVAILABLE` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    signInWithGoogle: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "idToken": "eyJhbGciOiJSUzI1NiIsImtpZCI6ImV4YW1wbGUifQ.eyJpc3MiOiJodHRwczovL2FwcGxlaWQuYXBwbGUuY29tIn0.c2lnbmF0dXJl"
                 *     }
                 */
                "application/json": components["schemas"]["GoogleSignIn"];
            };
        };
        responses: {
            /** @description Signed in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "user": {
                     *         "id": "3b241101-e2bb-4255-8caf-4136c566a962",
                     *         "email": "ada@example.com"
                     *       },
                     *       "accessToken": "eyJhbGciOiJFZERTQSIsImtpZCI6IjIwMjYtMDEtMDEtYTFiMmMzIn0.eyJzdWIiOiIzYjI0MTEwMS1lMmJiLTQyNTUtOGNhZi00MTM2YzU2NmE5NjIifQ.c2lnbmF0dXJl",
                     *       "refreshToken": "rt1.0.3b241101-e2bb-4255-8caf-4136c566a962.fq7Xc2mV9pL4sT8wZ1bN5hK.0.Hq3Jm8sW1xZ5cV9bN2kL7pT4rY6uI0oA3dF8gH1jK5l",
                     *       "expiresIn": 900,
                     *       "tokenType": "Bearer"
                     *     }
                     */
                    "application/json": components["schemas"]["SignedIn"];
                };
            };
            /** @description A new account was created and signed in */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "user": {
                     *         "id": "3b241101-e2bb-4255-8caf-4136c566a962",
                     *         "email": "ada@example.com"
                     *       },
                     *       "accessToken": "eyJhbGciOiJFZERTQSIsImtpZCI6IjIwMjYtMDEtMDEtYTFiMmMzIn0.eyJzdWIiOiIzYjI0MTEwMS1lMmJiLTQyNTUtOGNhZi00MTM2YzU2NmE5NjIifQ.c2lnbmF0dXJl",
                     *       "refreshToken": "rt1.0.3b241101-e2bb-4255-8caf-4136c566a962.fq7Xc2mV9pL4sT8wZ1bN5hK.0.Hq3Jm8sW1xZ5cV9bN2kL7pT4rY6uI0oA3dF8gH1jK5l",
                     *       "expiresIn": 900,
                     *       "tokenType": "Bearer"
                     *     }
                     */
                    "application/json": components["schemas"]["SignedIn"];
                };
            };
            /** @description `VALIDATION_FAILED`, or `BAD_REQUEST` when the token has no email */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INVALID_TOKEN`: bad signature, wrong audience or issuer, expired, nonce */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`: the provider has not verified the email */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `EMAIL_TAKEN`: a password account holds the (unverified) email */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: send `Content-Type: application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`, with `Retry-After` */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UPSTREAM_ERROR`: the provider’s keys could not be fetched */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_STORE_UNAVAILABLE` or `ORIGIN_UNAVAILABLE` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "ada@example.com",
                 *       "password": "correct horse battery"
                 *     }
                 */
                "application/json": components["schemas"]["Login"];
            };
        };
        responses: {
            /** @description Signed in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "user": {
                     *         "id": "3b241101-e2bb-4255-8caf-4136c566a962",
                     *         "email": "ada@example.com"
                     *       },
                     *       "accessToken": "eyJhbGciOiJFZERTQSIsImtpZCI6IjIwMjYtMDEtMDEtYTFiMmMzIn0.eyJzdWIiOiIzYjI0MTEwMS1lMmJiLTQyNTUtOGNhZi00MTM2YzU2NmE5NjIifQ.c2lnbmF0dXJl",
                     *       "refreshToken": "rt1.0.3b241101-e2bb-4255-8caf-4136c566a962.fq7Xc2mV9pL4sT8wZ1bN5hK.0.Hq3Jm8sW1xZ5cV9bN2kL7pT4rY6uI0oA3dF8gH1jK5l",
                     *       "expiresIn": 900,
                     *       "tokenType": "Bearer"
                     *     }
                     */
                    "application/json": components["schemas"]["SignedIn"];
                };
            };
            /** @description `VALIDATION_FAILED` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INVALID_CREDENTIALS`: no such account or a wrong password (one answer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: send `Content-Type: application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`, with `Retry-After` */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_STORE_UNAVAILABLE` or `ORIGIN_UNAVAILABLE` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "refreshToken": "rt1.0.3b241101-e2bb-4255-8caf-4136c566a962.fq7Xc2mV9pL4sT8wZ1bN5hK.0.Hq3Jm8sW1xZ5cV9bN2kL7pT4rY6uI0oA3dF8gH1jK5l"
                 *     }
                 */
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description The session is over */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `VALIDATION_FAILED` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: send `Content-Type: application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_STORE_UNAVAILABLE` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    refreshSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "refreshToken": "rt1.0.3b241101-e2bb-4255-8caf-4136c566a962.fq7Xc2mV9pL4sT8wZ1bN5hK.0.Hq3Jm8sW1xZ5cV9bN2kL7pT4rY6uI0oA3dF8gH1jK5l"
                 *     }
                 */
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description Rotated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "accessToken": "eyJhbGciOiJFZERTQSIsImtpZCI6IjIwMjYtMDEtMDEtYTFiMmMzIn0.eyJzdWIiOiIzYjI0MTEwMS1lMmJiLTQyNTUtOGNhZi00MTM2YzU2NmE5NjIifQ.c2lnbmF0dXJl",
                     *       "refreshToken": "rt1.0.3b241101-e2bb-4255-8caf-4136c566a962.fq7Xc2mV9pL4sT8wZ1bN5hK.1.Hq3Jm8sW1xZ5cV9bN2kL7pT4rY6uI0oA3dF8gH1jK5l",
                     *       "expiresIn": 900,
                     *       "tokenType": "Bearer"
                     *     }
                     */
                    "application/json": components["schemas"]["Refreshed"];
                };
            };
            /** @description `VALIDATION_FAILED` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INVALID_TOKEN`: unknown, expired, revoked or reused; sign in again */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: send `Content-Type: application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`, with `Retry-After` */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_STORE_UNAVAILABLE` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    registerAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "ada@example.com",
                 *       "password": "correct horse battery"
                 *     }
                 */
                "application/json": components["schemas"]["Registration"];
            };
        };
        responses: {
            /** @description Created and signed in */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "user": {
                     *         "id": "3b241101-e2bb-4255-8caf-4136c566a962",
                     *         "email": "ada@example.com"
                     *       },
                     *       "accessToken": "eyJhbGciOiJFZERTQSIsImtpZCI6IjIwMjYtMDEtMDEtYTFiMmMzIn0.eyJzdWIiOiIzYjI0MTEwMS1lMmJiLTQyNTUtOGNhZi00MTM2YzU2NmE5NjIifQ.c2lnbmF0dXJl",
                     *       "refreshToken": "rt1.0.3b241101-e2bb-4255-8caf-4136c566a962.fq7Xc2mV9pL4sT8wZ1bN5hK.0.Hq3Jm8sW1xZ5cV9bN2kL7pT4rY6uI0oA3dF8gH1jK5l",
                     *       "expiresIn": 900,
                     *       "tokenType": "Bearer"
                     *     }
                     */
                    "application/json": components["schemas"]["SignedIn"];
                };
            };
            /** @description `VALIDATION_FAILED`: a bad email or a weak password */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `EMAIL_TAKEN` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: send `Content-Type: application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`, with `Retry-After` */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_STORE_UNAVAILABLE` or `ORIGIN_UNAVAILABLE`: nothing was created; retry */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCatalog: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The catalog */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "modules": [
                     *         {
                     *           "id": "academic_speaking",
                     *           "title": "IELTS Academic Speaking",
                     *           "skill": "speaking",
                     *           "track": "academic",
                     *           "price": {
                     *             "amountCents": 3600,
                     *             "currency": "USD",
                     *             "display": "$36.00"
                     *           },
                     *           "assessmentsPerPurchase": 4,
                     *           "products": {
                     *             "apple": "com.ieltsgenaiprep.app.academic_speaking",
                     *             "google": "academic_speaking"
                     *           }
                     *         },
                     *         {
                     *           "id": "academic_writing",
                     *           "title": "IELTS Academic Writing",
                     *           "skill": "writing",
                     *           "track": "academic",
                     *           "price": {
                     *             "amountCents": 3600,
                     *             "currency": "USD",
                     *             "display": "$36.00"
                     *           },
                     *           "assessmentsPerPurchase": 4,
                     *           "products": {
                     *             "apple": "com.ieltsgenaiprep.app.academic_writing",
                     *             "google": "academic_writing"
                     *           }
                     *         },
                     *         {
                     *           "id": "general_speaking",
                     *           "title": "IELTS General Training Speaking",
                     *           "skill": "speaking",
                     *           "track": "general",
                     *           "price": {
                     *             "amountCents": 3600,
                     *             "currency": "USD",
                     *             "display": "$36.00"
                     *           },
                     *           "assessmentsPerPurchase": 4,
                     *           "products": {
                     *             "apple": "com.ieltsgenaiprep.app.general_speaking",
                     *             "google": "general_speaking"
                     *           }
                     *         },
                     *         {
                     *           "id": "general_writing",
                     *           "title": "IELTS General Training Writing",
                     *           "skill": "writing",
                     *           "track": "general",
                     *           "price": {
                     *             "amountCents": 3600,
                     *             "currency": "USD",
                     *             "display": "$36.00"
                     *           },
                     *           "assessmentsPerPurchase": 4,
                     *           "products": {
                     *             "apple": "com.ieltsgenaiprep.app.general_writing",
                     *             "google": "general_writing"
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Catalog"];
                };
            };
        };
    };
    listEntitlements: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description My entitlements */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "entitlements": [
                     *         {
                     *           "module": "academic_speaking",
                     *           "purchased": 0,
                     *           "used": 0,
                     *           "revoked": 0,
                     *           "remaining": 0
                     *         },
                     *         {
                     *           "module": "academic_writing",
                     *           "purchased": 4,
                     *           "used": 1,
                     *           "revoked": 0,
                     *           "remaining": 3
                     *         },
                     *         {
                     *           "module": "general_speaking",
                     *           "purchased": 0,
                     *           "used": 0,
                     *           "revoked": 0,
                     *           "remaining": 0
                     *         },
                     *         {
                     *           "module": "general_writing",
                     *           "purchased": 0,
                     *           "used": 0,
                     *           "revoked": 0,
                     *           "remaining": 0
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Entitlements"];
                };
            };
            /** @description `UNAUTHORIZED` or `INVALID_TOKEN` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `ORIGIN_UNAVAILABLE` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The signed-in user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "user": {
                     *         "id": "3b241101-e2bb-4255-8caf-4136c566a962",
                     *         "email": "ada@example.com",
                     *         "homeRegion": "eu-west-1"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description `UNAUTHORIZED` (no token) or `INVALID_TOKEN` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteMyAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Erased */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `UNAUTHORIZED` (no token) or `INVALID_TOKEN` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_STORE_UNAVAILABLE` or `ORIGIN_UNAVAILABLE`: nothing or part erased; retry */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportMyData: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The export */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "exportedAt": "2026-03-02T10:00:00.000Z",
                     *       "user": {
                     *         "id": "3b241101-e2bb-4255-8caf-4136c566a962",
                     *         "email": "ada@example.com",
                     *         "homeRegion": "eu-west-1"
                     *       },
                     *       "profile": {
                     *         "email": "ada@example.com",
                     *         "createdAt": "2026-03-01T09:00:00.000Z"
                     *       },
                     *       "credential": {
                     *         "email": "ada@example.com",
                     *         "passwordHash": "(omitted)"
                     *       },
                     *       "identities": [],
                     *       "entitlements": [
                     *         {
                     *           "module": "academic_writing",
                     *           "purchased": 4,
                     *           "used": 1
                     *         }
                     *       ],
                     *       "purchases": [
                     *         {
                     *           "store": "apple",
                     *           "transactionId": "2000000842000000",
                     *           "module": "academic_writing"
                     *         }
                     *       ],
                     *       "purchaseClaims": [],
                     *       "assessments": [
                     *         {
                     *           "id": "01JZ3K6Q9V8W7X6Y5Z4A3B2C1D",
                     *           "kind": "writing",
                     *           "overallBand": 6.5
                     *         }
                     *       ],
                     *       "speakingSessions": [],
                     *       "idempotencyRecords": [],
                     *       "identityLinks": [],
                     *       "other": [],
                     *       "sessions": [
                     *         {
                     *           "id": "fq7Xc2mV9pL4sT8wZ1bN5hK",
                     *           "startedAt": "2026-03-01T09:00:00.000Z",
                     *           "expiresAt": "2026-03-31T09:00:00.000Z"
                     *         }
                     *       ],
                     *       "modelCallsToday": {
                     *         "day": "2026-03-02",
                     *         "count": 1
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["AccountExport"];
                };
            };
            /** @description `UNAUTHORIZED` (no token) or `INVALID_TOKEN` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `ORIGIN_UNAVAILABLE` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    startSpeakingSession: {
        parameters: {
            query?: never;
            header?: {
                /** @description Required: 8–255 visible ASCII characters, e.g. a UUID made when the student taps the button. A retry with the same key answers the same session and is never charged twice. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "module": "academic_speaking"
                 *     }
                 */
                "application/json": components["schemas"]["SpeakingSessionRequest"];
            };
        };
        responses: {
            /** @description The session: open `streamUrl` (a single-use ticket valid for 60 s) before `expiresAt` and send `ready`. A replay of the key answers the same session with a fresh ticket (`Idempotent-Replayed: true`). */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "8W3K0Q2M5T7V9X1Z3B5D7F9H1K",
                     *       "state": "created",
                     *       "streamUrl": "wss://api.ieltsgenaiprep.app/api/nova-sonic/sessions/8W3K0Q2M5T7V9X1Z3B5D7F9H1K/stream?ticket=Tq8vX2mN5bC1zL7kP4wR9sD3fG6hJ0aE2yU8iO5nM1c",
                     *       "expiresAt": "2026-03-02T10:15:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["SpeakingSessionCreated"];
                };
            };
            /** @description `VALIDATION_FAILED` (module) or `MISSING_IDEMPOTENCY_KEY` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHORIZED` or `INVALID_TOKEN` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NO_ASSESSMENTS_LEFT` for this module; nothing was charged */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `IN_PROGRESS`: this key is still being set up; retry after `Retry-After` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: send `Content-Type: application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `IDEMPOTENCY_KEY_REUSED` with another module */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `DAILY_LIMIT_REACHED`; nothing was charged */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `ASSESSMENT_UNAVAILABLE`: speaking tests are briefly unavailable */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `ORIGIN_UNAVAILABLE`: nothing was charged; retry with the same key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSpeakingSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session (only its owner may read it) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "8W3K0Q2M5T7V9X1Z3B5D7F9H1K",
                     *       "module": "academic_speaking",
                     *       "state": "live",
                     *       "createdAt": "2026-03-02T10:00:00.000Z",
                     *       "expiresAt": "2026-03-02T10:15:00.000Z",
                     *       "startedAt": "2026-03-02T10:00:20.000Z",
                     *       "finishedAt": null,
                     *       "finishReason": null,
                     *       "part": 1,
                     *       "phase": "interview",
                     *       "transcript": {
                     *         "turns": [
                     *           {
                     *             "speaker": "examiner",
                     *             "part": 1,
                     *             "text": "Let’s talk about your home town. Where is it?",
                     *             "at": "2026-03-02T10:00:25.000Z"
                     *           },
                     *           {
                     *             "speaker": "candidate",
                     *             "part": 1,
                     *             "text": "I come from Porto, a city in the north of Portugal.",
                     *             "at": "2026-03-02T10:00:31.000Z"
                     *           }
                     *         ],
                     *         "truncated": false
                     *       },
                     *       "assessmentId": null,
                     *       "overallBand": null,
                     *       "provisional": null,
                     *       "result": null,
                     *       "failure": null
                     *     }
                     */
                    "application/json": components["schemas"]["SpeakingSession"];
                };
            };
            /** @description `VALIDATION_FAILED`: not a session id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHORIZED` or `INVALID_TOKEN` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such session of yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    openSpeakingStream: {
        parameters: {
            query?: {
                /** @description The single-use ticket from `streamUrl`, for clients that cannot set headers. */
                ticket?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Switching Protocols: the stream is open */
            101: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `BAD_REQUEST` (not a WebSocket upgrade) or `VALIDATION_FAILED` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHORIZED`, or `INVALID_TOKEN` (bad token; unknown, used or expired ticket) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such session of yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `CONFLICT`: the test is over */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    redeemApplePurchase: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "signedTransaction": "eyJhbGciOiJFUzI1NiIsIng1YyI6WyJNSUlFTURDQ0E3YWdBd0lCQWdJUWZUbGZkMGZOdkZXdnpDMVlJQU5zWGpBS0JnZ3Foa2pPUFFRREF6QjFNVVF3UWdZRFZRUURERHRCY0hCc1pTQlhiM0pzWkhkcFpHVWdSR1YyWld4dmNHVnlJRkpsYkdGMGFXOXVjeUJEWlhKMGFXWnBZMkYwYVc5dUlFRjFkR2h2Y21sMGVURUxNQWtHQTFVRUN3d0NSell4RXpBUkJnTlZCQW9NQ2tGd2NHeGxJRWx1WXk0eEN6QUpCZ05WQkFZVEFsVlQiXX0.eyJ0cmFuc2FjdGlvbklkIjoiMjAwMDAwMDg0MjAwMDAwMCJ9.c2lnbmF0dXJl"
                 *     }
                 */
                "application/json": components["schemas"]["ApplePurchase"];
            };
        };
        responses: {
            /** @description A replay: the original grant */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "purchase": {
                     *         "store": "apple",
                     *         "transactionId": "2000000842000000",
                     *         "productId": "com.ieltsgenaiprep.app.academic_writing",
                     *         "module": "academic_writing",
                     *         "quantity": 1,
                     *         "granted": 4,
                     *         "environment": "Production",
                     *         "purchasedAt": "2026-03-01T09:30:00.000Z",
                     *         "grantedAt": "2026-03-01T09:30:02.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["PurchaseGrant"];
                };
            };
            /** @description Granted */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "purchase": {
                     *         "store": "apple",
                     *         "transactionId": "2000000842000000",
                     *         "productId": "com.ieltsgenaiprep.app.academic_writing",
                     *         "module": "academic_writing",
                     *         "quantity": 1,
                     *         "granted": 4,
                     *         "environment": "Production",
                     *         "purchasedAt": "2026-03-01T09:30:00.000Z",
                     *         "grantedAt": "2026-03-01T09:30:02.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["PurchaseGrant"];
                };
            };
            /** @description `VALIDATION_FAILED` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHORIZED` or `INVALID_TOKEN` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PURCHASE_ALREADY_CLAIMED` by another account */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: send `Content-Type: application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INVALID_RECEIPT`; `details.reason` says which check failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `STORE_UNAVAILABLE`: the store could not be asked; retry */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `ORIGIN_UNAVAILABLE`: nothing was granted; retry */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    redeemGooglePurchase: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "productId": "academic_writing",
                 *       "purchaseToken": "opaque-token-up-to-2048-chars.AO-J1OxE3dY7mQ2r9LpZk8wV5bN1cT6hS4uF0gJ"
                 *     }
                 */
                "application/json": components["schemas"]["GooglePurchase"];
            };
        };
        responses: {
            /** @description A replay: the original grant */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "purchase": {
                     *         "store": "google",
                     *         "transactionId": "GPA.3312-5521-8843-10071",
                     *         "productId": "academic_writing",
                     *         "module": "academic_writing",
                     *         "quantity": 1,
                     *         "granted": 4,
                     *         "environment": "Production",
                     *         "purchasedAt": "2026-03-01T09:30:00.000Z",
                     *         "grantedAt": "2026-03-01T09:30:02.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["PurchaseGrant"];
                };
            };
            /** @description Granted */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "purchase": {
                     *         "store": "google",
                     *         "transactionId": "GPA.3312-5521-8843-10071",
                     *         "productId": "academic_writing",
                     *         "module": "academic_writing",
                     *         "quantity": 1,
                     *         "granted": 4,
                     *         "environment": "Production",
                     *         "purchasedAt": "2026-03-01T09:30:00.000Z",
                     *         "grantedAt": "2026-03-01T09:30:02.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["PurchaseGrant"];
                };
            };
            /** @description `VALIDATION_FAILED` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHORIZED` or `INVALID_TOKEN` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PURCHASE_ALREADY_CLAIMED` by another account */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: send `Content-Type: application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INVALID_RECEIPT`; `details.reason` says which check failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `STORE_UNAVAILABLE`: the store could not be asked; retry */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `ORIGIN_UNAVAILABLE`: nothing was granted; retry */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    submitWritingAssessment: {
        parameters: {
            query?: never;
            header?: {
                /** @description Required: 8–255 visible ASCII characters, e.g. a UUID made when the student taps the button. Retries with the same key and body are never charged twice. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "module": "academic_writing",
                 *       "taskId": "aw-t2-01",
                 *       "text": "Several cities now run their buses and trains free of charge and pay for them from taxes. In my view, this is an effective way to cut traffic, but only when it comes with better services and limits on cars."
                 *     }
                 */
                "application/json": components["schemas"]["WritingSubmission"];
            };
        };
        responses: {
            /** @description The assessment (also for a replay of a completed key: the same body, with `Idempotent-Replayed: true`) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "assessment": {
                     *         "id": "01JZ3M2R4T6V8X0Z2B4D6F8H0K",
                     *         "kind": "writing",
                     *         "module": "academic_writing",
                     *         "title": "Free public transport",
                     *         "overallBand": 6.5,
                     *         "provisional": true,
                     *         "createdAt": "2026-03-02T10:00:41.000Z",
                     *         "result": {
                     *           "bandNote": "Bands are computed by our code from the criterion bands: the mean rounded to the nearest half band (.25 rounds up to .5, .75 up to the next whole band). IELTS publishes this rounding for the overall band only; for task and writing bands it is our estimate.",
                     *           "completedAt": "2026-03-02T10:00:41.000Z",
                     *           "corrections": [
                     *             {
                     *               "category": "grammar",
                     *               "end": 344,
                     *               "quote": "a expensive",
                     *               "start": 333,
                     *               "suggestion": "an expensive"
                     *             }
                     *           ],
                     *           "criteria": [
                     *             {
                     *               "band": 7,
                     *               "evidence": [
                     *                 "In my view, this is an effective way to cut traffic"
                     *               ],
                     *               "id": "task_response",
                     *               "improvements": [
                     *                 "Develop each main idea with a specific example"
                     *               ],
                     *               "justification": "All parts of the task are addressed.",
                     *               "modelBand": 7,
                     *               "name": "Task Response",
                     *               "strengths": [
                     *                 "A clear position stated in the introduction"
                     *               ]
                     *             },
                     *             {
                     *               "band": 6.5,
                     *               "evidence": [
                     *                 "In my view, this is an effective way to cut traffic"
                     *               ],
                     *               "id": "coherence_cohesion",
                     *               "improvements": [
                     *                 "Develop each main idea with a specific example"
                     *               ],
                     *               "justification": "Ideas are logically organised.",
                     *               "modelBand": 6.5,
                     *               "name": "Coherence and Cohesion",
                     *               "strengths": [
                     *                 "A clear position stated in the introduction"
                     *               ]
                     *             },
                     *             {
                     *               "band": 6.5,
                     *               "evidence": [
                     *                 "In my view, this is an effective way to cut traffic"
                     *               ],
                     *               "id": "lexical_resource",
                     *               "improvements": [
                     *                 "Develop each main idea with a specific example"
                     *               ],
                     *               "justification": "A sufficient range of vocabulary.",
                     *               "modelBand": 6.5,
                     *               "name": "Lexical Resource",
                     *               "strengths": [
                     *                 "A clear position stated in the introduction"
                     *               ]
                     *             },
                     *             {
                     *               "band": 6,
                     *               "evidence": [
                     *                 "In my view, this is an effective way to cut traffic"
                     *               ],
                     *               "id": "grammatical_range_accuracy",
                     *               "improvements": [
                     *                 "Develop each main idea with a specific example"
                     *               ],
                     *               "justification": "A mix of simple and complex sentences.",
                     *               "modelBand": 6,
                     *               "name": "Grammatical Range and Accuracy",
                     *               "strengths": [
                     *                 "A clear position stated in the introduction"
                     *               ]
                     *             }
                     *           ],
                     *           "examiner": "amazon-nova-micro",
                     *           "model": {
                     *             "calls": 1,
                     *             "id": "eu.amazon.nova-micro-v1:0",
                     *             "latencyMs": 2140,
                     *             "region": "eu-west-1",
                     *             "repaired": false,
                     *             "usage": {
                     *               "inputTokens": 3223,
                     *               "outputTokens": 763
                     *             }
                     *           },
                     *           "module": "academic_writing",
                     *           "quotes": {
                     *             "checked": 6,
                     *             "dropped": 0
                     *           },
                     *           "rubricVersion": "ielts-writing-2023-05/v1",
                     *           "rulesApplied": [],
                     *           "submittedAt": "2026-03-02T10:00:30.000Z",
                     *           "task": 2,
                     *           "taskBand": 6.5,
                     *           "taskId": "aw-t2-01",
                     *           "text": "Several cities now run their buses and trains free of charge and pay for them from taxes. In my view, this is an effective way to cut traffic, but only when it comes with better services and limits on cars.",
                     *           "words": {
                     *             "copiedFromPrompt": 0,
                     *             "counted": 268,
                     *             "minimum": 250,
                     *             "total": 268
                     *           }
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Assessment"];
                };
            };
            /** @description `VALIDATION_FAILED` (module, taskId — unknown or of the other module — or text) or `MISSING_IDEMPOTENCY_KEY` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHORIZED` or `INVALID_TOKEN` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NO_ASSESSMENTS_LEFT` for this module; nothing was charged */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `IN_PROGRESS`: this key is still being scored; retry after `Retry-After` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: send `Content-Type: application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `IDEMPOTENCY_KEY_REUSED` with a different body */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `DAILY_LIMIT_REACHED`; `details.slotRestored` says the slot was given back */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `ASSESSMENT_UNAVAILABLE`: scoring failed for good; `details.slotRestored` says you were not charged */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `ORIGIN_UNAVAILABLE`: nothing was charged; retry with the same key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWritingBand: {
        parameters: {
            query: {
                module: "academic_writing" | "general_writing";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The estimate */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "module": "academic_writing",
                     *       "band": 6.5,
                     *       "task1": {
                     *         "assessmentId": "01JZ3K6Q9V8W7X6Y5Z4A3B2C1D",
                     *         "taskId": "aw-t1-01",
                     *         "band": 6,
                     *         "createdAt": "2026-03-01T10:00:00.000Z"
                     *       },
                     *       "task2": {
                     *         "assessmentId": "01JZ3M2R4T6V8X0Z2B4D6F8H0K",
                     *         "taskId": "aw-t2-01",
                     *         "band": 7,
                     *         "createdAt": "2026-03-02T10:00:00.000Z"
                     *       },
                     *       "estimate": true,
                     *       "note": "Bands are computed by our code from the criterion bands: the mean rounded to the nearest half band (.25 rounds up to .5, .75 up to the next whole band). IELTS publishes this rounding for the overall band only; for task and writing bands it is our estimate."
                     *     }
                     */
                    "application/json": components["schemas"]["WritingBandEstimate"];
                };
            };
            /** @description `VALIDATION_FAILED`: `module` is not a writing module */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHORIZED` or `INVALID_TOKEN` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `ORIGIN_UNAVAILABLE` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWritingTasks: {
        parameters: {
            query?: {
                /** @description Only prompts of this writing module. */
                module?: "academic_writing" | "general_writing";
                /** @description Only Task 1 or only Task 2 prompts. */
                task?: "1" | "2";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The matching prompts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "tasks": [
                     *         {
                     *           "id": "aw-t2-01",
                     *           "module": "academic_writing",
                     *           "task": 2,
                     *           "title": "Free public transport",
                     *           "instructions": "Write about the following topic. Say to what extent you agree or disagree. Give reasons for your answer and include any relevant examples from your own knowledge or experience. Write at least 250 words.",
                     *           "material": {
                     *             "kind": "essay",
                     *             "essayType": "opinion",
                     *             "topic": "Some city governments have made buses and trains free for everyone, paying for them entirely from taxes.",
                     *             "question": "Is this the best way to reduce traffic in cities?"
                     *           },
                     *           "minimumWords": 250,
                     *           "suggestedMinutes": 40
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["WritingTasks"];
                };
            };
            /** @description `VALIDATION_FAILED`: an unknown module or task number */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description At least one region is healthy */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "degraded",
                     *       "version": "0.1.0",
                     *       "environment": "production",
                     *       "nearestRegion": "eu-west-1",
                     *       "regions": [
                     *         {
                     *           "region": "us-east-1",
                     *           "status": "healthy",
                     *           "latencyMs": 84,
                     *           "breaker": "closed"
                     *         },
                     *         {
                     *           "region": "eu-west-1",
                     *           "status": "healthy",
                     *           "latencyMs": 12,
                     *           "breaker": "closed"
                     *         },
                     *         {
                     *           "region": "ap-southeast-1",
                     *           "status": "degraded",
                     *           "latencyMs": null,
                     *           "breaker": "open"
                     *         }
                     *       ],
                     *       "degraded": [
                     *         "ap-southeast-1"
                     *       ],
                     *       "unconfigured": [],
                     *       "missingVariables": []
                     *     }
                     */
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description No region is healthy */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "down",
                     *       "version": "0.1.0",
                     *       "environment": "production",
                     *       "nearestRegion": "eu-west-1",
                     *       "regions": [
                     *         {
                     *           "region": "us-east-1",
                     *           "status": "degraded",
                     *           "latencyMs": null,
                     *           "breaker": "open"
                     *         },
                     *         {
                     *           "region": "eu-west-1",
                     *           "status": "degraded",
                     *           "latencyMs": null,
                     *           "breaker": "open"
                     *         },
                     *         {
                     *           "region": "ap-southeast-1",
                     *           "status": "degraded",
                     *           "latencyMs": null,
                     *           "breaker": "open"
                     *         }
                     *       ],
                     *       "degraded": [
                     *         "us-east-1",
                     *         "eu-west-1",
                     *         "ap-southeast-1"
                     *       ],
                     *       "unconfigured": [],
                     *       "missingVariables": []
                     *     }
                     */
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    receiveAppleNotification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "signedPayload": "eyJhbGciOiJFUzI1NiIsIng1YyI6WyIuLi4iXX0.eyJub3RpZmljYXRpb25UeXBlIjoiUkVGVU5EIn0.c2lnbmF0dXJl"
                 *     }
                 */
                "application/json": components["schemas"]["AppleNotification"];
            };
        };
        responses: {
            /** @description Handled or ignored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "outcome": "refunded"
                     *     }
                     */
                    "application/json": components["schemas"]["NotificationReceived"];
                };
            };
            /** @description `VALIDATION_FAILED` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SIGNATURE_INVALID`: not signed by Apple for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `CONFLICT`: a refund the App Store does not confirm (yet); Apple delivers it again later */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: send `Content-Type: application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `ORIGIN_UNAVAILABLE`: Apple retries */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    receiveGoogleNotification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "message": {
                 *         "data": "eyJ2ZXJzaW9uIjoiMS4wIiwicGFja2FnZU5hbWUiOiJjb20uaWVsdHNnZW5haXByZXAuYXBwIn0=",
                 *         "messageId": "10942812345678",
                 *         "publishTime": "2026-03-02T10:00:00.000Z"
                 *       },
                 *       "subscription": "projects/ielts-genai-prep/subscriptions/play-notifications"
                 *     }
                 */
                "application/json": components["schemas"]["PubSubPush"];
            };
        };
        responses: {
            /** @description Handled or ignored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true,
                     *       "outcome": "voidedPurchase:refunded"
                     *     }
                     */
                    "application/json": {
                        outcome: string;
                        /** @enum {boolean} */
                        received: true;
                    };
                };
            };
            /** @description `VALIDATION_FAILED` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHORIZED` or `INVALID_TOKEN`: missing or invalid Pub/Sub OIDC token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: send `Content-Type: application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `ORIGIN_UNAVAILABLE`: Pub/Sub retries */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
