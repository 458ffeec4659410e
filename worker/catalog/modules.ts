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

export const WRITING_MODULES = MODULES.filter((m) => MODULE_INFO[m].skill === 'writing')
export const SPEAKING_MODULES = MODULES.filter((m) => MODULE_INFO[m].skill === 'speaking')
