/** The four assessment modules the stores sell. */
export const MODULES = [
  'academic_speaking',
  'academic_writing',
  'general_speaking',
  'general_writing',
] as const

export type ModuleId = (typeof MODULES)[number]

export type ModuleInfo = {
  id: ModuleId
  title: string
  skill: 'writing' | 'speaking'
  track: 'academic' | 'general'
}

export const MODULE_INFO: Record<ModuleId, ModuleInfo> = {
  academic_speaking: {
    id: 'academic_speaking',
    title: 'IELTS Academic Speaking',
    skill: 'speaking',
    track: 'academic',
  },
  academic_writing: {
    id: 'academic_writing',
    title: 'IELTS Academic Writing',
    skill: 'writing',
    track: 'academic',
  },
  general_speaking: {
    id: 'general_speaking',
    title: 'IELTS General Training Speaking',
    skill: 'speaking',
    track: 'general',
  },
  general_writing: {
    id: 'general_writing',
    title: 'IELTS General Training Writing',
    skill: 'writing',
    track: 'general',
  },
}

export function isModule(value: unknown): value is ModuleId {
  return typeof value === 'string' && (MODULES as readonly string[]).includes(value)
}

export const SPEAKING_MODULES = MODULES.filter((m) => MODULE_INFO[m].skill === 'speaking')

/** The two stores that sell the modules. */
export type Store = 'apple' | 'google'

/** Production product ids (the worker's defaults, the emulators' catalogue); `wrangler.toml` repeats them so an operator sees them in one place. */
export const DEFAULT_PRODUCT_IDS: Record<Store, Record<ModuleId, string>> = {
  apple: {
    academic_speaking: 'com.ieltsgenaiprep.app.academic_speaking',
    academic_writing: 'com.ieltsgenaiprep.app.academic_writing',
    general_speaking: 'com.ieltsgenaiprep.app.general_speaking',
    general_writing: 'com.ieltsgenaiprep.app.general_writing',
  },
  google: {
    academic_speaking: 'academic_speaking',
    academic_writing: 'academic_writing',
    general_speaking: 'general_speaking',
    general_writing: 'general_writing',
  },
}
