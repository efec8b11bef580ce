Feature: The Local Government Association's corporate peer challenge of Tower Hamlets, 2018

  A schedule, not a direction: the timetable for the LGA's corporate peer challenge proposed to
  the Best Value Improvement Board on 11 September 2017 (seed paper 002, LGA Corporate Peer
  Challenge Proposal, paragraphs 1.3 and 3.13-3.16). The peer team's on-site visit ("early June
  2018") and the LGA's draft report ("early July 2018") are the LGA's expected events, tracked so
  that the council knows when to prepare; the council's own part, the independent review submitted
  to the Secretary of State by 1 August 2018, is a duty under the Best Value directions.

  "Early June" and "early July" are ranges of days: read as the first ten days of the month, due by
  the end of the latest, 10 June and 10 July 2018.

  Background:
    Given the records of Tower Hamlets as the council papers state them

  @lga-peer-challenge.on-site-visit @lga-peer-challenge.draft-report
  Scenario Outline: The visit and the draft report are expected by the end of the tenth day of their month
    When compliance is checked on 1 October 2017
    Then <event> falls due at the end of <due>
    And <event> is upcoming

    Examples:
      | event                              | due          |
      | the peer challenge's on-site visit | 10 June 2018 |
      | the peer challenge's draft report  | 10 July 2018 |

  @lga-peer-challenge.on-site-visit
  Scenario: A visit early in June is met, and it was the LGA's
    Given the peer challenge's on-site visit was received by the London Borough of Tower Hamlets on 8 June 2018, at a time the papers do not give
    When compliance is checked on 1 July 2018
    Then the peer challenge's on-site visit is met
    And the duty is the Local Government Association's, not the council's

  @lga-peer-challenge.on-site-visit
  Scenario: A visit in the middle of June is late against "early June"
    Given the peer challenge's on-site visit was received by the London Borough of Tower Hamlets at 09:00 on 11 June 2018
    When compliance is checked on 1 July 2018
    Then the peer challenge's on-site visit is met late

  @lga-peer-challenge.draft-report
  Scenario: With no record of the draft report, it is not proven either way
    When compliance is checked on 1 August 2018
    Then the peer challenge's draft report is unknown
    And the reason given is that this was the duty of the Local Government Association, not of the council

  @lga-peer-challenge.draft-report
  Scenario: With complete records, a draft report not received is overdue, and the duty was the LGA's
    Given the council's records of the peer challenge's draft reports are complete
    When compliance is checked on 1 August 2018
    Then the peer challenge's draft report is overdue
    And the duty is the Local Government Association's, not the council's
