import re, sys
N = sys.argv[1]  # the unpacked @pulumi/aws-native 1.79.0 npm package, ending in /
inp = open(N + 'types/input.d.ts').read().split('\n')
# index interfaces: namespace.Name -> {field: target}
ifaces = {}
ns = None
cur = None
for l in inp:
    m = re.match(r'^export declare namespace (\w+) \{', l)
    if m: ns = m.group(1); continue
    m = re.match(r'^    interface (\w+) \{', l)
    if m: cur = ns + '.' + m.group(1); ifaces[cur] = {}; continue
    if l.startswith('    }'): cur = None; continue
    m = re.match(r'^        (\w+)\??: (.*)$', l)
    if cur and m:
        t = re.search(r'inputs\.(\w+\.\w+)', m.group(2))
        ifaces[cur][m.group(1)] = t.group(1) if t else '-'
roots = {'aws-native:events:Rule': ('events/rule.d.ts', 'RuleArgs', 'events'),
         'aws-native:scheduler:Schedule': ('scheduler/schedule.d.ts', 'ScheduleArgs', 'scheduler'),
         'aws-native:pipes:Pipe': ('pipes/pipe.d.ts', 'PipeArgs', 'pipes'),
         'aws-native:batch:JobDefinition': ('batch/jobDefinition.d.ts', 'JobDefinitionArgs', 'batch'),
         'aws-native:stepfunctions:StateMachine': ('stepfunctions/stateMachine.d.ts', 'StateMachineArgs', 'stepfunctions'),
         'aws-native:ecs:Service': ('ecs/service.d.ts', 'ServiceArgs', 'ecs'),
         'aws-native:ecs:TaskSet': ('ecs/taskSet.d.ts', 'TaskSetArgs', 'ecs')}
out = []
need = []
for tok, (f, name, ns) in roots.items():
    lines = open(N + f).read().split('\n')
    fields = {}
    p = False
    for l in lines:
        if l.startswith('export interface ' + name + ' {'): p = True; continue
        if p and l.startswith('}'): break
        m = re.match(r'^    (\w+)\??: (.*)$', l)
        if p and m:
            t = re.search(r'inputs\.(\w+\.\w+)', m.group(2))
            fields[m.group(1)] = t.group(1) if t else '-'
    out.append((tok, fields))
    need += [v for v in fields.values() if v != '-']
seen = set()
while need:
    n = need.pop()
    if n in seen or n not in ifaces: continue
    seen.add(n)
    out.append((n, ifaces[n]))
    need += [v for v in ifaces[n].values() if v != '-']
print('# aws-native input types, from @pulumi/aws-native 1.79.0 (npm): each root resource token or input type, then')
print('# "field target" per line (target "-" is a scalar or a free-form object). Regenerate with')
print('#   npm pack @pulumi/aws-native@1.79.0, unpack it, python3 aws-native-launcher-inputs.py <package dir>/')
print('# Only the types reachable from the launcher resources are kept.')
for n, fields in out:
    print('type ' + n)
    for k in sorted(fields):
        print(k + ' ' + fields[k])
