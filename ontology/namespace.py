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
    docId: URIRef  # datatype property: document id
    docNumber: URIRef  # datatype property: document number
    dueYear: URIRef  # datatype property: due year
    groupRole: URIRef  # datatype property: group role
    hasMember: URIRef  # object property: has member
    heading: URIRef  # datatype property: heading
    inDocument: URIRef  # object property: in document
    issuer: URIRef  # datatype property: issuer
    jurisdiction: URIRef  # datatype property: jurisdiction
    leadUnit: URIRef  # object property: lead unit
    level: URIRef  # datatype property: level
    marker: URIRef  # datatype property: marker
    memberOf: URIRef  # object property: member of
    mentionedIn: URIRef  # object property: mentioned in
    metric: URIRef  # datatype property: metric
    national: URIRef  # datatype property: national
    office: URIRef  # object property: office hosted by
    officeDirector: URIRef  # object property: office director
    part: URIRef  # datatype property: part
    path: URIRef  # datatype property: path
    postTitle: URIRef  # datatype property: post title
    responsibleUnit: URIRef  # object property: responsible unit
    role: URIRef  # datatype property: role
    sourceFile: URIRef  # datatype property: source file
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
