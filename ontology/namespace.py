"""The pkg: namespace as a typed class. GENERATED from ontology/policykg.ttl by
``python -m ontology.generate`` -- do not edit by hand.
"""
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class PKG(DefinedNamespace):
    """policykg ontology terms (https://policykg.org/ns#)."""

    _fail = True
    _NS = Namespace("https://policykg.org/ns#")

    Assignment: URIRef  # class: assignment
    CitedDocument: URIRef  # class: cited document
    CollectiveUnit: URIRef  # class: collective unit
    Deadline: URIRef  # class: deadline
    Document: URIRef  # class: policy document
    LeadershipGroup: URIRef  # class: leadership group
    ProgressReport: URIRef  # class: progress report
    ReportItem: URIRef  # class: report item
    ReportLink: URIRef  # class: report link
    Section: URIRef  # class: section
    Target: URIRef  # class: target
    Task: URIRef  # class: task
    Unit: URIRef  # class: unit
    affiliatedWith: URIRef  # object property: affiliated with
    assignedTo: URIRef  # object property: assigned to
    assignment: URIRef  # object property: assignment
    charEnd: URIRef  # datatype property: character end
    charStart: URIRef  # datatype property: character start
    comparator: URIRef  # datatype property: comparator
    contentHash: URIRef  # datatype property: content hash
    cooperatingUnit: URIRef  # object property: cooperating unit
    deadline: URIRef  # object property: deadline
    deadlineKind: URIRef  # datatype property: deadline kind
    docId: URIRef  # datatype property: document id
    docNumber: URIRef  # datatype property: document number
    dueYear: URIRef  # datatype property: due year
    groupRole: URIRef  # datatype property: group role
    hasMember: URIRef  # object property: has member
    heading: URIRef  # datatype property: heading
    inDocument: URIRef  # object property: in document
    issuer: URIRef  # datatype property: issuer
    itemRef: URIRef  # datatype property: item reference
    itemRow: URIRef  # datatype property: report row
    itemUnit: URIRef  # datatype property: unit named
    jurisdiction: URIRef  # datatype property: jurisdiction
    laggingOnly: URIRef  # datatype property: lists lagging tasks only
    leadUnit: URIRef  # object property: lead unit
    level: URIRef  # datatype property: level
    linkItem: URIRef  # object property: linked item
    linkMethod: URIRef  # datatype property: link method
    linkScore: URIRef  # datatype property: link score
    linkTask: URIRef  # object property: linked task
    marker: URIRef  # datatype property: marker
    matchedWords: URIRef  # datatype property: matched words
    memberOf: URIRef  # object property: member of
    mentionedIn: URIRef  # object property: mentioned in
    metric: URIRef  # datatype property: metric
    national: URIRef  # datatype property: national
    office: URIRef  # object property: office hosted by
    officeDirector: URIRef  # object property: office director
    part: URIRef  # datatype property: part
    path: URIRef  # datatype property: path
    percentComplete: URIRef  # datatype property: percent complete
    postTitle: URIRef  # datatype property: post title
    recurrence: URIRef  # datatype property: recurrence
    relativeToDocument: URIRef  # datatype property: relative to document date
    reportDate: URIRef  # datatype property: report date
    reportItem: URIRef  # object property: report item
    reportKind: URIRef  # datatype property: report kind
    reportPeriod: URIRef  # datatype property: report period
    reportsOn: URIRef  # object property: reports on
    reportsOnPlan: URIRef  # datatype property: reports on plan
    responsibleUnit: URIRef  # object property: responsible unit
    role: URIRef  # datatype property: role
    sourceFile: URIRef  # datatype property: source file
    status: URIRef  # datatype property: status
    statusLabel: URIRef  # datatype property: status label
    tableNumber: URIRef  # datatype property: table number
    targetCount: URIRef  # datatype property: target count
    task: URIRef  # object property: task
    taskCount: URIRef  # datatype property: task count
    text: URIRef  # datatype property: text
    unit: URIRef  # object property: unit
    unitKey: URIRef  # datatype property: unit key
    unitOfMeasure: URIRef  # datatype property: unit of measure
    value: URIRef  # datatype property: value
    valueMax: URIRef  # datatype property: maximum value
    writtenAs: URIRef  # datatype property: written as
