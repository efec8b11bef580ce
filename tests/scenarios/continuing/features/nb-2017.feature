Feature: Continuing duties and approvals: the illustrative Northbury directions

  Title: Best Value directions to the London Borough of Northbury (illustrative).
  An instrument written to show two constructs of real intervention directions that the Tower Hamlets
  papers do not contain (issue 15, item 4): a continuing duty, "adopt a corporate plan by 31 March 2017
  and maintain a corporate plan for as long as these Directions are in force", and a plan submitted to
  the Secretary of State for approval, the submission by 30 April 2017 and the approval by 31 July 2017.
  The records: Corporate Plan 2017-20 adopted on 20 March 2017; the Improvement Plan received on
  26 April 2017 and approved by the Secretary of State on 10 July 2017.

  A continuing duty has one finding that it held from the start, and one for each withdrawal while the
  directions are in force: held again after that instant (met when another plan was in effect then,
  met late when one was adopted later, with how long the duty lapsed).

  Background:
    Given the records of Northbury as the council papers state them

  # ---------------------------------------------------------------------------------------------
  # Maintain a corporate plan (para 2(a))
  # ---------------------------------------------------------------------------------------------

  @nb-2017.corporate-plan
  Scenario: A plan adopted before the due date and never withdrawn meets the duty
    When compliance is checked on 1 October 2017
    Then the corporate plan is met
    And the corporate plan falls due at the end of 31 March 2017
    And the facts found say "Corporate Plan 2017-20 (corporate-plan-2017), adopted 19:00 GMT on 20 March 2017, not withdrawn"

  @nb-2017.corporate-plan
  Scenario: A plan adopted only after the due date is met late
    Given there is no record of the corporate plan
    And the corporate plan was adopted on 15 April 2017
    When compliance is checked on 1 May 2017
    Then the corporate plan is met late
    And the reason given is that it was done, but only after the due time

  @nb-2017.corporate-plan
  Scenario: No plan and no proof that the records are complete: unknown, not a breach
    Given there is no record of the corporate plan
    When compliance is checked on 1 May 2017
    Then the corporate plan is unknown
    And the finding rests on no record

  @nb-2017.corporate-plan
  Scenario: No plan, and the records are complete: the council is in breach
    Given there is no record of the corporate plan
    And the council's records of corporate plans are complete
    When compliance is checked on 1 May 2017
    Then the Council is in breach of the corporate plan

  @nb-2017.corporate-plan
  Scenario: A plan withdrawn with nothing in its place: the duty lapses, a breach
    Given the council's records of corporate plans are complete
    And the corporate plan was withdrawn at 12:00 on 1 September 2017
    When compliance is checked on 1 October 2017
    Then the corporate plan is met
    And the corporate plan held again after 1 September 2017 is in breach
    And the computation of the due date says "was withdrawn at 12:00 BST on 1 September 2017"

  @nb-2017.corporate-plan
  Scenario: A lapse whose records are not known to be complete is unknown
    Given the corporate plan was withdrawn on 1 September 2017
    When compliance is checked on 1 October 2017
    Then the corporate plan held again after 1 September 2017 is unknown

  @nb-2017.corporate-plan
  Scenario: A plan adopted again after a lapse restores the duty, met late, with how long it lapsed
    Given the council's records of corporate plans are complete
    And the corporate plan was withdrawn on 1 September 2017
    And the corporate plan was adopted on 25 September 2017
    When compliance is checked on 24 September 2017
    Then the corporate plan held again after 1 September 2017 is in breach
    When compliance is checked on 1 October 2017
    Then the corporate plan held again after 1 September 2017 is met late
    And the facts found say "was not in effect for 3 weeks and 3 days"

  @nb-2017.corporate-plan
  Scenario: A plan replaced by a new one at the same instant never lapses
    Given the council's records of corporate plans are complete
    And the corporate plan was replaced by a new one on 1 September 2017
    When compliance is checked on 1 October 2017
    Then the corporate plan held again after 1 September 2017 is met
    And the facts found say "so the duty did not lapse"

  @nb-2017.corporate-plan
  Scenario: A withdrawal after the directions ended is no lapse
    Given the corporate plan was withdrawn on 1 February 2019
    When compliance is checked on 1 March 2019
    Then the corporate plan is met
    And nothing under the Northbury directions falls due after 14 January 2019

  @nb-2017.corporate-plan
  Scenario: A withdrawal while the directions are revoked is no lapse
    Given the Secretary of State revoked the Northbury directions with effect from 1 August 2017
    And the corporate plan was withdrawn on 1 September 2017
    When compliance is checked on 1 October 2017
    Then the corporate plan is met
    And nothing under the Northbury directions falls due after 31 July 2017

  # ---------------------------------------------------------------------------------------------
  # Submit an improvement plan for the Secretary of State's approval (para 2(b))
  # ---------------------------------------------------------------------------------------------

  @nb-2017.improvement-plan
  Scenario: Submitted in time and approved in time: both steps are met
    When compliance is checked on 1 August 2017
    Then the submission of the improvement plan is met
    And the duty is the council's
    And the approval of the improvement plan is met
    And the approval of the improvement plan is the Secretary of State's act, not the council's
    And the approval of the improvement plan falls due at the end of 31 July 2017

  @nb-2017.improvement-plan
  Scenario: Submitted late and approved late: each step is met late on its own due date
    Given the improvement plan was received by the Secretary of State at 12:00 on 3 May 2017
    And the improvement plan was approved by the Secretary of State on 5 August 2017
    When compliance is checked on 1 September 2017
    Then the submission of the improvement plan is met late
    And the approval of the improvement plan is met late

  @nb-2017.improvement-plan
  Scenario: No approval recorded by its due date: unknown until the records are known complete, then breached
    Given there is no record of the approval of the improvement plan
    When compliance is checked on 1 August 2017
    Then the submission of the improvement plan is met
    And the approval of the improvement plan is unknown
    Given the council's records of improvement plans are complete
    When compliance is checked on 1 August 2017
    Then the approval of the improvement plan is breached

  @nb-2017.improvement-plan
  Scenario: An approval of nothing submitted does not count
    Given the council's records of improvement plans are complete
    And there is no record of the improvement plan
    When compliance is checked on 1 August 2017
    Then the Council is in breach of the submission of the improvement plan
    And the approval of the improvement plan is breached
